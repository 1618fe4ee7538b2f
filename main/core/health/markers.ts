import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe } from '../config/policy.ts';

const selector = z.string().min(1);
const names = z.array(z.string().min(1));
const path = z.array(z.string().min(1)).min(1);

/** Where a marker comes from: public code or issues that show it, or the assumption it is. */
const sourceSchema = z
  .object({ refs: z.array(z.string().min(1)), assumption: z.string().min(1).optional() })
  .strict()
  .refine((source) => source.refs.length > 0 || source.assumption !== undefined, 'a marker needs a reference or a stated assumption');

/**
 * The marker pack (resources/probe/markers.json): WhatsApp Web's language-independent markers.
 * Kept as data so a WhatsApp change is answered with a data update, validated when loaded.
 */
const markersShape = z.object({
  version: z.string().min(1).max(64),
  comment: z.string().optional(),
  app: selector,
  /** The open chat and the chat list: text written by people; no page-chrome marker may match in there. */
  chatContent: selector,
  screens: z.object({ browserRejected: selector, chats: selector, pairing: selector, loading: selector }).strict(),
  qr: z.object({ container: selector, payloadAttribute: selector, code: selector, reloadButton: selector }).strict(),
  messages: z
    .object({
      /** Outgoing message rows of the open chat. */
      outgoing: selector,
      idAttribute: selector,
      chatListRow: selector,
      /** Icons: an element whose name is its `iconAttribute`, or an SVG title whose name is its text. */
      icon: selector,
      iconAttribute: selector,
      /** Status icon names: on the clock, and anything past it (sent, delivered, read). */
      pending: names.min(1),
      settled: names.min(1),
      /** A status-like icon name in neither list means the pack fell behind WhatsApp. */
      statusPrefixes: names.min(1),
    })
    .strict(),
  media: z.object({ failed: selector }).strict(),
  connectionBanner: selector,
  socketState: z
    .object({
      module: z.string().min(1),
      path,
      /** The stream (DISCONNECTED, SYNCING, RESUMING, CONNECTED): never mixed with the state. */
      streamPath: path,
      connected: names,
      connecting: names,
      loggedOut: names,
      /** The QR loop gave up (WhatsApp's own reload button shows). */
      qrGaveUp: names,
      /** WhatsApp opened in another window or computer ("Use here"). */
      conflict: names,
      accountBlocked: names,
      versionDeprecated: names,
      proxyBlocked: names,
    })
    .strict(),
  /** WhatsApp's own models, read in the main world before any markup. */
  models: z
    .object({
      messages: z
        .object({
          module: z.string().min(1),
          path,
          /** The collection's method that lists its models; called without arguments, read only. */
          list: z.string().min(1),
          fromMe: path,
          ack: z.string().min(1),
          /** Seconds since the epoch. */
          time: z.string().min(1),
          pendingAck: z.int(),
          maxScanned: z.int().min(1).max(1_000_000),
        })
        .strict(),
      /** The build, a global path read after boot. */
      version: path,
    })
    .strict(),
  /** Where the contacts reader (preload/probe/contacts-reader.ts) finds the agent's contacts. */
  contacts: z
    .object({
      /** WhatsApp's model cache; it exists only once logged in, and the reader never creates it. */
      database: z.string().min(1),
      stores: z.object({ contact: z.string().min(1), chat: z.string().min(1) }).strict(),
      /** Field names of the records: contact (name, pushName, isBusiness, phoneNumber) and chat (the rest). */
      fields: z
        .object({
          name: z.string().min(1),
          pushName: z.string().min(1),
          isBusiness: z.string().min(1),
          /** The number of a contact whose id is not a phone number (@lid), as a phone id. */
          phoneNumber: z.string().min(1),
          /** Last activity of the chat, in seconds since the epoch. */
          lastInteraction: z.string().min(1),
          unread: z.string().min(1),
        })
        .strict(),
      /** Ids of people; any other id is skipped. */
      personIdSuffixes: z.array(z.string().min(2)).min(1),
      /** People's ids whose user part is their phone number. */
      phoneIdSuffixes: z.array(z.string().min(2)),
      /** Never reported even if a person suffix matched: groups, broadcasts (status), channels. */
      skipIdSuffixes: z.array(z.string().min(2)),
      /** The fallback while the model cache cannot be read: the chat list on screen. */
      dom: z
        .object({
          chatList: z.string().min(1),
          row: z.string().min(1),
          /** The row's chat id; without it the name is used when it is a phone number. */
          idAttribute: z.string().min(1),
          name: z.string().min(1),
          nameAttribute: z.string().min(1),
        })
        .strict(),
    })
    .strict(),
  /** Keyed by a marker's dotted path; an entry covers that marker and everything under it. */
  sources: z.record(z.string(), sourceSchema),
});

/** Every marker must say where it comes from, and every source must name a marker that exists. */
export const markersSchema = markersShape.strict().superRefine((pack, ctx) => {
  const markerPaths = leafPaths(pack, '').filter((p) => !['version', 'comment'].includes(p) && !p.startsWith('sources.'));
  const known = new Set<string>();
  for (const p of markerPaths) {
    const parts = p.split('.');
    for (let i = 1; i <= parts.length; i++) known.add(parts.slice(0, i).join('.'));
  }
  for (const key of Object.keys(pack.sources)) {
    if (!known.has(key)) ctx.addIssue({ code: 'custom', path: ['sources', key], message: `names no marker` });
  }
  for (const p of markerPaths) {
    const parts = p.split('.');
    const covered = parts.some((_, i) => pack.sources[parts.slice(0, i + 1).join('.')] !== undefined);
    if (!covered) ctx.addIssue({ code: 'custom', path: ['sources'], message: `marker ${p} has no source` });
  }
});
export type Markers = z.infer<typeof markersSchema>;

/** Dotted paths of the values that are not objects (strings, numbers and lists are markers). */
function leafPaths(value: unknown, prefix: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => leafPaths(inner, prefix ? `${prefix}.${key}` : key));
}

/** Parses a marker pack's JSON; a broken pack is a clear error, not a silent probe. */
export function parseMarkers(json: unknown, origin: string): Markers {
  const parsed = markersSchema.safeParse(json);
  if (!parsed.success) throw new Error(`probe marker pack ${origin} is invalid: ${describe(parsed.error)}`);
  return parsed.data;
}

/** Loads and validates a probe marker pack; a broken pack is a startup error, not a silent probe. */
export function loadMarkers(file: string): Markers {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read probe marker pack ${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseMarkers(json, file);
}
