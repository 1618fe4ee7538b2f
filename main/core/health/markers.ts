import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe } from '../config/policy.ts';

/**
 * The marker pack (resources/probe/markers.json): WhatsApp Web's language-independent markers.
 * Kept as data so a WhatsApp change is answered with a data update, validated when loaded.
 */
export const markersSchema = z.object({
  version: z.string().min(1).max(64),
  app: z.string(),
  screens: z.object({ browserRejected: z.string(), chats: z.string(), pairing: z.string(), loading: z.string() }),
  qr: z.object({ container: z.string(), payloadAttribute: z.string(), code: z.string(), reloadButton: z.string() }),
  messages: z.object({
    outgoing: z.string(),
    idAttribute: z.string(),
    pending: z.string(),
    sent: z.string(),
    delivered: z.string(),
    /** The clock a chat-list row shows while its last outgoing message is pending. */
    chatListPending: z.string(),
  }),
  media: z.object({ failed: z.string() }),
  connectionBanner: z.string(),
  socketState: z.object({
    module: z.string(),
    path: z.array(z.string()).min(1),
    connected: z.array(z.string()),
    connecting: z.array(z.string()),
    loggedOut: z.array(z.string()),
  }),
});
export type Markers = z.infer<typeof markersSchema>;

/** Loads and validates a probe marker pack; a broken pack is a startup error, not a silent probe. */
export function loadMarkers(file: string): Markers {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read probe marker pack ${file}: ${(error as Error).message}`);
  }
  const parsed = markersSchema.safeParse(json);
  if (!parsed.success) throw new Error(`probe marker pack ${file} is invalid: ${describe(parsed.error)}`);
  return parsed.data;
}
