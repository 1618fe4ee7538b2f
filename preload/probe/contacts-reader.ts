import type { Markers, WhatsAppContact, WhatsAppContactsBatch } from '../../main/core/ipc/probe-wire.ts';

/**
 * The contacts reader: runs in an isolated world of the WhatsApp page, next to the probe, and
 * reports the agent's WhatsApp contacts in batches (whatsappContactsBatchSchema) for the local
 * backup.
 *
 * Where it reads: WhatsApp's own model cache, IndexedDB `markers.database` ("model-storage"),
 * joining each "contact" record with its "chat" record. WhatsApp creates that database once the
 * account is logged in; the reader opens it only when `indexedDB.databases()` lists it (opening a
 * missing name would create an empty database under WhatsApp's feet), opens it without a version,
 * only reads, closes it after each pass and gives way at once to a deletion or upgrade. While the
 * database is missing or unreadable and the chat list is on screen, it reads the rows of the chat
 * list instead (source "dom").
 *
 * When: on a schedule, and about a second after the chat list changes. A pass reads in chunks and
 * yields to the page between them; passes are spaced so that, however big the address book, they
 * take at most a tenth of the page's main thread and half of the time. After the first pass only
 * new or changed contacts are reported.
 *
 * Self-contained (no imports at run time, no outside references): the Chromium shell injects its
 * source text (`runContactsReader.toString()`) into the page.
 */
export function runContactsReader(
  markers: Markers['contacts'],
  report: (batch: WhatsAppContactsBatch) => void,
  options: { intervalMs: number; batchSize: number },
): void {
  /** Records per read request: a few milliseconds of the page's time each. */
  const CHUNK = 500;
  /** After a change in the chat list: the list settles (WhatsApp redraws it in bursts). */
  const CHANGE_DELAY_MS = 1_000;
  /**
   * Passes use at most this share of the page's main thread (measured: deserializing and joining
   * records)...
   */
  const MAX_MAIN_THREAD_SHARE = 0.1;
  /** ...and at most this share of the time (IndexedDB's own work happens off the main thread). */
  const MAX_TIME_SHARE = 0.5;
  const MAX_ID = 64;
  const MAX_PHONE = 32;
  const MAX_NAME = 256;
  const MAX_UNREAD = 1_000_000;
  const batchSize = Math.max(1, Math.min(500, Math.floor(options.batchSize) || 500));
  const intervalMs = Math.max(100, options.intervalMs || 0);
  const fields = markers.fields;

  type Source = WhatsAppContactsBatch['source'];
  type Row = Record<string, unknown>;

  /** What was last reported per id, as a hash; kept apart per source so they do not flap. */
  const reported: Record<Source, Map<string, number>> = { indexeddb: new Map(), dom: new Map() };

  let running = false;
  let lastEnd = 0;
  /** Rest owed by the last pass before the next may start. */
  let rest = 0;
  /** Main-thread time of the current pass, in ms. */
  let busy = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerAt = Infinity;
  /** The earliest pass asked for while one was running. */
  let askedWhileRunning = Infinity;

  const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

  /** A request's result; reading it deserializes the records, on the page's main thread. */
  function settled<T>(request: IDBRequest<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => {
        const started = performance.now();
        const result = request.result;
        busy += performance.now() - started;
        resolve(result);
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  }

  function endsWithAny(value: string, suffixes: readonly string[]): boolean {
    const lower = value.toLowerCase();
    return suffixes.some((suffix) => lower.endsWith(suffix.toLowerCase()));
  }

  /** A person's id, or null for groups, broadcasts, channels and anything malformed. */
  function personId(value: unknown): string | null {
    const id =
      typeof value === 'string'
        ? value
        : typeof value === 'object' && value !== null && typeof (value as Row)._serialized === 'string'
          ? ((value as Row)._serialized as string)
          : null;
    if (id === null || id.length > MAX_ID || !/^[^\s@]+@[a-z0-9.]+$/i.test(id)) return null;
    if (endsWithAny(id, markers.skipIdSuffixes) || !endsWithAny(id, markers.personIdSuffixes)) return null;
    return id;
  }

  /**
   * "+15550100001" from "15550100001@c.us" (or "15550100001:12@c.us", a device of it). An id
   * that is not a phone number (@lid) has none; its record may carry it (see numberOf).
   */
  function phoneOf(id: string): string | null {
    if (!endsWithAny(id, markers.phoneIdSuffixes)) return null;
    const user = id.slice(0, id.indexOf('@')).split(':')[0] ?? '';
    const phone = /^\d{5,20}$/.test(user) ? `+${user}` : null;
    return phone !== null && phone.length <= MAX_PHONE ? phone : null;
  }

  /** Trimmed, bounded text (never cutting a character in half), or null. */
  function text(value: unknown, max: number): string | null {
    if (typeof value !== 'string') return null;
    let result = value.trim();
    if (result.length > max) {
      result = result.slice(0, max);
      const last = result.charCodeAt(max - 1);
      if (last >= 0xd800 && last <= 0xdbff) result = result.slice(0, -1);
    }
    return result.length > 0 ? result : null;
  }

  /**
   * The phone number of a contact: from its id, or, for a contact addressed by @lid (WhatsApp's
   * LID migration), from the separate field that keeps its phone id (a string or a wid object).
   */
  function numberOf(id: string, contact: Row | null): string | null {
    const fromId = phoneOf(id);
    if (fromId !== null) return fromId;
    const field = contact?.[fields.phoneNumber];
    const phoneId = typeof field === 'string' ? field : typeof field === 'object' && field !== null ? (field as Row)._serialized : null;
    return typeof phoneId === 'string' && phoneId.length <= MAX_ID ? phoneOf(phoneId) : null;
  }

  function contactOf(id: string, contact: Row | null, chat: Row | null): WhatsAppContact {
    const t = chat?.[fields.lastInteraction];
    const unread = chat?.[fields.unread];
    return {
      id,
      phone: numberOf(id, contact),
      name: text(contact?.[fields.name], MAX_NAME),
      pushName: text(contact?.[fields.pushName], MAX_NAME),
      isBusiness: contact?.[fields.isBusiness] === true,
      lastInteractionAt: typeof t === 'number' && Number.isFinite(t) && t > 0 ? Math.min(Math.round(t * 1000), 8.64e15) : null,
      // WhatsApp marks a chat "unread" by hand with -1.
      unread: typeof unread === 'number' && Number.isInteger(unread) ? (unread === -1 ? 1 : Math.max(0, Math.min(unread, MAX_UNREAD))) : 0,
    };
  }

  /** FNV-1a of the reported fields: enough to notice a change, small for 100 000 contacts. */
  function hashOf(contact: WhatsAppContact): number {
    const serial = JSON.stringify(contact);
    let hash = 0x811c9dc5;
    for (let index = 0; index < serial.length; index += 1) {
      hash ^= serial.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
    return hash >>> 0;
  }

  /** Collects new or changed contacts and reports them a batch at a time. */
  function outbox(source: Source) {
    let pending: WhatsAppContact[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      const contacts = pending;
      pending = [];
      try {
        report({ v: 1, source, contacts });
      } catch {
        // The kiosk's side is gone or refused it; the changes are reported again next pass.
        for (const contact of contacts) reported[source].delete(contact.id);
      }
    };
    return {
      offer(contact: WhatsAppContact): void {
        const hash = hashOf(contact);
        if (reported[source].get(contact.id) === hash) return;
        reported[source].set(contact.id, hash);
        pending.push(contact);
        if (pending.length >= batchSize) flush();
      },
      flush,
    };
  }

  /** The model cache, if WhatsApp created it and it can be read; never creates it. */
  async function openCache(): Promise<IDBDatabase | null> {
    if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return null;
    const listed = await indexedDB.databases().catch(() => []);
    if (!listed.some((info) => info.name === markers.database)) return null;
    return new Promise((resolve) => {
      let opening: IDBOpenDBRequest;
      try {
        opening = indexedDB.open(markers.database);
      } catch {
        resolve(null);
        return;
      }
      // Deleted since it was listed: abort, so that the open does not create it.
      opening.onupgradeneeded = () => opening.transaction?.abort();
      opening.onerror = (event) => {
        event.preventDefault();
        resolve(null);
      };
      opening.onsuccess = () => {
        const db = opening.result;
        db.onversionchange = () => db.close();
        if (!db.objectStoreNames.contains(markers.stores.contact)) {
          db.close();
          resolve(null);
          return;
        }
        resolve(db);
      };
    });
  }

  /** The in-line key of a record (WhatsApp's stores: keyPath "id"), if it has one. */
  function keyOf(record: unknown, keyPath: string): IDBValidKey | undefined {
    let value: unknown = record;
    for (const part of keyPath.split('.')) value = typeof value === 'object' && value !== null ? (value as Row)[part] : undefined;
    return value === undefined || value === null ? undefined : (value as IDBValidKey);
  }

  /**
   * Reads a store in key order, CHUNK records per transaction (a transaction cannot outlive a
   * yield), and yields to the page between chunks.
   */
  async function readStore(db: IDBDatabase, name: string, each: (record: Row) => void): Promise<void> {
    let after: IDBValidKey | undefined;
    for (;;) {
      const store = db.transaction(name, 'readonly').objectStore(name);
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
      const keyPath = store.keyPath;
      const inline = typeof keyPath === 'string' && keyPath !== '';
      // In-line keys (WhatsApp's "id") come with the records; others are asked for alongside.
      const [records, keys] = await Promise.all([
        settled(store.getAll(range, CHUNK)),
        inline ? null : settled(store.getAllKeys(range, CHUNK)),
      ]);
      const started = performance.now();
      for (const record of records) if (typeof record === 'object' && record !== null) each(record as Row);
      busy += performance.now() - started;
      if (records.length < CHUNK) return;
      after = inline ? keyOf(records[records.length - 1], keyPath) : keys?.[keys.length - 1];
      if (after === undefined) return;
      await yieldToPage();
    }
  }

  async function readCache(db: IDBDatabase): Promise<void> {
    const chats = new Map<string, Row>();
    if (db.objectStoreNames.contains(markers.stores.chat)) {
      await readStore(db, markers.stores.chat, (chat) => {
        const id = personId(chat.id);
        if (id !== null) chats.set(id, chat);
      });
    }
    const out = outbox('indexeddb');
    const done = new Set<string>();
    await readStore(db, markers.stores.contact, (contact) => {
      const id = personId(contact.id);
      if (id === null || done.has(id)) return;
      done.add(id);
      out.offer(contactOf(id, contact, chats.get(id) ?? null));
    });
    // People one chats with without a contact record (WhatsApp usually has one for them).
    for (const [id, chat] of chats) if (!done.has(id)) out.offer(contactOf(id, null, chat));
    out.flush();
  }

  /** The fallback: the rows of the chat list on screen, their id and title. */
  function readChatList(): void {
    const dom = markers.dom;
    if (!document.querySelector(dom.chatList)) return;
    const out = outbox('dom');
    const done = new Set<string>();
    for (const row of document.querySelectorAll(dom.row)) {
      const title = text(row.querySelector(dom.name)?.getAttribute(dom.nameAttribute), MAX_NAME);
      const phoneLike = title !== null && /^\+?[\d\s().-]{6,}$/.test(title);
      const attribute = row.getAttribute(dom.idAttribute);
      // WhatsApp titles a chat whose number is not saved with the number itself.
      const id = attribute !== null ? personId(attribute) : phoneLike ? personId(`${title.replace(/\D/g, '')}@c.us`) : null;
      if (id === null || done.has(id)) continue;
      done.add(id);
      out.offer({
        id,
        phone: phoneOf(id),
        name: phoneLike ? null : title,
        pushName: null,
        isBusiness: false,
        lastInteractionAt: null,
        unread: 0,
      });
    }
    out.flush();
  }

  async function pass(): Promise<void> {
    const db = await openCache();
    if (db === null) {
      const started = performance.now();
      readChatList();
      busy += performance.now() - started;
      return;
    }
    try {
      await readCache(db);
    } finally {
      db.close();
    }
  }

  /** Runs a pass no sooner than `delayMs` from now, and after the rest the last pass earned. */
  function schedule(delayMs: number): void {
    if (running) {
      askedWhileRunning = Math.min(askedWhileRunning, Date.now() + delayMs);
      return;
    }
    const at = Math.max(Date.now() + delayMs, lastEnd + rest);
    if (at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    // A pass that fails is tried again at the next beat.
    timer = setTimeout(
      () => {
        run().catch(() => undefined);
      },
      Math.max(0, at - Date.now()),
    );
  }

  async function run(): Promise<void> {
    timer = undefined;
    timerAt = Infinity;
    running = true;
    busy = 0;
    const started = Date.now();
    try {
      await pass();
    } catch {
      // The cache went away mid-pass (logout) or a marker broke; the next pass starts over.
    } finally {
      running = false;
      lastEnd = Date.now();
      const took = lastEnd - started;
      rest = Math.max(busy * (1 / MAX_MAIN_THREAD_SHARE - 1), took * (1 / MAX_TIME_SHARE - 1));
      const asked = askedWhileRunning - lastEnd;
      askedWhileRunning = Infinity;
      schedule(Math.min(intervalMs, Math.max(0, asked)));
    }
  }

  /** Whether a mutation concerns the chat list (rows added, renamed, reordered). */
  function touchesChatList(record: MutationRecord): boolean {
    const target = record.target.nodeType === Node.ELEMENT_NODE ? (record.target as Element) : record.target.parentElement;
    if (target?.closest(markers.dom.chatList)) return true;
    for (const node of record.addedNodes) {
      if (node instanceof Element && (node.matches(markers.dom.chatList) || node.querySelector(markers.dom.chatList))) return true;
    }
    return false;
  }

  try {
    new MutationObserver((records) => {
      try {
        if (records.some(touchesChatList)) schedule(CHANGE_DELAY_MS);
      } catch {
        // A broken selector in the marker pack: the schedule still runs.
      }
    }).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: [markers.dom.idAttribute, markers.dom.nameAttribute],
    });
  } catch {
    // No document to observe: the schedule alone drives the reader.
  }
  schedule(0);
}
