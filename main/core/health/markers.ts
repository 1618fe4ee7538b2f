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
  /** Where the contacts reader (preload/probe/contacts-reader.ts) finds the agent's contacts. */
  contacts: z.object({
    /** WhatsApp's model cache; it exists only once logged in, and the reader never creates it. */
    database: z.string().min(1),
    stores: z.object({ contact: z.string().min(1), chat: z.string().min(1) }),
    /** Field names of the records: contact (name, pushName, isBusiness) and chat (the rest). */
    fields: z.object({
      name: z.string().min(1),
      pushName: z.string().min(1),
      isBusiness: z.string().min(1),
      /** Last activity of the chat, in seconds since the epoch. */
      lastInteraction: z.string().min(1),
      unread: z.string().min(1),
    }),
    /** Ids of people; any other id is skipped. */
    personIdSuffixes: z.array(z.string().min(2)).min(1),
    /** People's ids whose user part is their phone number. */
    phoneIdSuffixes: z.array(z.string().min(2)),
    /** Never reported even if a person suffix matched: groups, broadcasts (status), channels. */
    skipIdSuffixes: z.array(z.string().min(2)),
    /** The fallback while the model cache cannot be read: the chat list on screen. */
    dom: z.object({
      chatList: z.string().min(1),
      row: z.string().min(1),
      /** The row's chat id; without it the name is used when it is a phone number. */
      idAttribute: z.string().min(1),
      name: z.string().min(1),
      nameAttribute: z.string().min(1),
    }),
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
