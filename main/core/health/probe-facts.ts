import { z } from 'zod';
import { WHATSAPP_SCREENS } from './signals.ts';

const count = z.int().nonnegative();
const ageMs = z.number().nonnegative();
const stateName = z.string().max(40).nullable();

/**
 * What the in-page probe reports about WhatsApp Web. It comes from a page we do not control, so
 * it is validated like any other outside input, bounded in size, and carries no message text.
 */
export const probeFactsSchema = z
  .object({
    v: z.literal(2),
    seq: count,
    markersVersion: z.string().max(64),
    screen: z.enum(WHATSAPP_SCREENS),
    qr: z
      .object({
        present: z.boolean(),
        /** How many times the QR payload changed since the probe started. */
        refreshes: count,
        reloadButton: z.boolean(),
      })
      .strict(),
    /** WhatsApp's socket state and, apart from it, its stream state (main-world reader). */
    socketState: stateName,
    streamState: stateName,
    /** Only counted while it is visible: its container stays in the page at zero height. */
    connectionBanner: z.boolean(),
    /** Read from the markup (the fallback), outside any model. */
    messages: z
      .object({
        pending: count,
        /** Age of the oldest outgoing message still pending, measured by the probe. */
        oldestPendingMs: ageMs,
        /** Outgoing messages in the open chat, and how many of them show a status icon we know. */
        outgoing: count,
        withKnownStatus: count,
        /** Status-like icon names in outgoing messages that the marker pack does not know. */
        unknownStatusIcons: count,
      })
      .strict(),
    /**
     * WhatsApp's own models, read first. null: the main-world reader is not reading models (an
     * older shell), so neither models nor the build can be expected.
     */
    models: z
      .object({
        /** null: the message models could not be read this beat. */
        pending: z.object({ count, oldestPendingMs: ageMs }).strict().nullable(),
        /** WhatsApp's build (Debug.VERSION); null while unreadable. */
        version: z.string().max(64).nullable(),
      })
      .strict()
      .nullable(),
    media: z.object({ failed: count }).strict(),
    online: z.boolean(),
  })
  .strict();

export type ProbeFacts = z.infer<typeof probeFactsSchema>;
