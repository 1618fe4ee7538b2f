import { z } from 'zod';
import { WHATSAPP_BATCH_MAX } from './batch-limit.ts';

export { WHATSAPP_BATCH_MAX };

/**
 * The shapes that cross the contacts room's inner doors: what an importer hands to the store and
 * what the WhatsApp reader in the page reports. What the store gives back to our pages is a wire
 * type (ContactRecord, in ../ipc/contacts-wire.ts).
 */

/** One person as a CRM file describes them, already cleaned: phones in E.164, emails lower-case. */
export interface ContactDraft {
  name: string | null;
  /** E.164, e.g. "+15550100001"; the first is the main number. */
  phones: string[];
  emails: string[];
  organization: string | null;
  note: string | null;
}

/**
 * A batch of contacts the in-page reader read from WhatsApp Web. The page is not ours, so the
 * batch is validated like any outside input and bounded in size. Groups are never reported.
 */
export const whatsappContactSchema = z
  .object({
    /** WhatsApp's id, e.g. "15550100001@c.us". */
    id: z.string().min(1).max(64),
    /** The number as WhatsApp knows it (digits, maybe with "+"); the store normalises it. */
    phone: z.string().max(32).nullable(),
    /** The name saved in the agent's phone address book. */
    name: z.string().max(256).nullable(),
    /** The name the customer gave themselves. */
    pushName: z.string().max(256).nullable(),
    isBusiness: z.boolean(),
    /** Last message in either direction, ms since the epoch. */
    lastInteractionAt: z.number().nonnegative().nullable(),
    unread: z.int().nonnegative().max(1_000_000),
  })
  .strict();
export type WhatsAppContact = z.infer<typeof whatsappContactSchema>;

export const whatsappContactsBatchSchema = z
  .object({
    v: z.literal(1),
    /** WhatsApp's own store, or the chat list on screen when the store cannot be read. */
    source: z.enum(['indexeddb', 'dom']),
    contacts: z.array(whatsappContactSchema).max(WHATSAPP_BATCH_MAX),
  })
  .strict();
export type WhatsAppContactsBatch = z.infer<typeof whatsappContactsBatchSchema>;
