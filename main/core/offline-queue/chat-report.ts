import { z } from 'zod';

/** Most recent outgoing rows of the open chat the reader reports: enough to see a replayed message. */
export const CHAT_REPORT_MAX_ROWS = 50;

const hash = z.string().regex(/^[0-9a-z]{1,8}-[0-9a-f]{8}$/);

/**
 * What the chat reader in WhatsApp's page reports about the open chat, on demand. It comes from a
 * page we do not control: validated, bounded, and it carries fingerprints of texts, never texts.
 */
export const chatReportSchema = z
  .object({
    /** The `/send` link the page was opened with: the number's digits and whether it carried text. */
    link: z
      .object({ phone: z.string().regex(/^\d{0,20}$/), withText: z.boolean() })
      .strict()
      .nullable(),
    /** The chat panel and its compose box are there (the chat opened). */
    chatOpen: z.boolean(),
    /** The compose box's text fingerprint; null when it is empty or absent. */
    composer: hash.nullable(),
    invalidDialog: z.boolean(),
    outgoing: z
      .array(
        z
          .object({
            id: z.string().min(1).max(200),
            hash: hash.nullable(),
            status: z.enum(['pending', 'settled', 'none']),
          })
          .strict(),
      )
      .max(CHAT_REPORT_MAX_ROWS),
  })
  .strict();

export type ChatReport = z.infer<typeof chatReportSchema>;
export type OutgoingRow = ChatReport['outgoing'][number];

/** A report, or null for anything that is not one (a page that tampered, an older shell). */
export function parseChatReport(raw: unknown): ChatReport | null {
  const parsed = chatReportSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
