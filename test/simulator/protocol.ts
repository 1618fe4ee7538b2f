import { z } from 'zod';

/** GET /ws/chat: a page opens its socket, presenting its login keys if it has some. */
export const socketQuerySchema = z
  .object({
    client: z.string().regex(/^[\w-]{8,64}$/),
    key: z
      .string()
      .regex(/^[\w-]{16,128}$/)
      .optional(),
  })
  .strict();

/** POST /ws/chat/:client: what a page sends up its socket. */
export const pageFrameSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('send'),
      chat: z.string().max(64),
      id: z.string().regex(/^[0-9A-F]{8,32}$/),
      text: z.string().min(1).max(4_096),
    })
    .strict(),
  z.object({ type: z.literal('qr-restart') }).strict(),
  /** "Use here": this page takes the session back from the other window. */
  z.object({ type: z.literal('takeover') }).strict(),
  z.object({ type: z.literal('pair-code'), phone: z.string().regex(/^\+?[\d ()-]{7,24}$/) }).strict(),
]);

export type PageFrame = z.output<typeof pageFrameSchema>;

/** GET /ws/chat/:client/address-book: a slice of the address book for the page's initial sync. */
export const addressBookQuerySchema = z
  .object({
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(10_000).default(2_000),
  })
  .strict();
