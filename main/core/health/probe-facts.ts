import { z } from 'zod';
import { WHATSAPP_SCREENS } from './signals.ts';

/**
 * What the in-page probe reports about WhatsApp Web. It comes from a page we do not control, so
 * it is validated like any other outside input, bounded in size, and carries no message text.
 */
export const probeFactsSchema = z
  .object({
    v: z.literal(1),
    seq: z.int().nonnegative(),
    markersVersion: z.string().max(64),
    screen: z.enum(WHATSAPP_SCREENS),
    qr: z
      .object({
        present: z.boolean(),
        /** How many times the QR payload changed since the probe started. */
        refreshes: z.int().nonnegative(),
        reloadButton: z.boolean(),
      })
      .strict(),
    socketState: z.string().max(40).nullable(),
    connectionBanner: z.boolean(),
    messages: z
      .object({
        pending: z.int().nonnegative(),
        /** Age of the oldest outgoing message still pending, measured by the probe. */
        oldestPendingMs: z.number().nonnegative(),
      })
      .strict(),
    media: z.object({ failed: z.int().nonnegative() }).strict(),
    online: z.boolean(),
  })
  .strict();

export type ProbeFacts = z.infer<typeof probeFactsSchema>;
