/**
 * WhatsApp Web's model cache: IndexedDB "model-storage", created only once the account is logged
 * in and deleted at logout, with the address book in stores "contact" and "chat" (keyPath "id").
 * The page fills it from the server's address book in slices (the initial sync after linking)
 * and keeps it current with the changes the server pushes. Writes are queued, so that a change
 * never overtakes the sync before it, and the database is open only while being written.
 */
const DB_NAME = 'model-storage';
const VERSION = 1;
const STORES = ['contact', 'chat'];
/** Entries per slice and per write transaction: small enough to keep each task short. */
const SLICE = 2_000;
/** The book revision the database holds, kept across reloads like WhatsApp's sync state. */
const REVISION_KEY = 'sim-model-storage-revision';

export function createModelStorage({ enabled, clientId }) {
  let queue = Promise.resolve();
  /** Bumped at logout: queued work of the old session is dropped. */
  let epoch = 0;
  let synced = readRevision();

  /** Runs a task after the queued ones, unless a logout came in between. */
  function enqueue(task) {
    const mine = epoch;
    const result = queue.then(() => (mine === epoch ? task(() => mine === epoch) : undefined));
    queue = result.catch(() => {});
    return queue;
  }

  function setSynced(revision) {
    synced = revision;
    try {
      if (revision === null) localStorage.removeItem(REVISION_KEY);
      else localStorage.setItem(REVISION_KEY, String(revision));
    } catch {
      // Storage may be unavailable; the next hello then syncs again.
    }
  }

  async function fullSync(current) {
    const db = await open();
    try {
      let offset = 0;
      let total = Infinity;
      let revision = null;
      while (offset < total) {
        const response = await fetch(`/ws/chat/${clientId}/address-book?offset=${offset}&limit=${SLICE}`, { cache: 'no-store' });
        if (!response.ok) throw new Error(`address book sync failed: ${response.status}`);
        const slice = await response.json();
        if (!current()) return;
        // Changes after the first slice may be missing from earlier ones; their pushes follow.
        revision ??= slice.revision;
        total = slice.total;
        if (slice.entries.length === 0) break;
        await write(db, slice.entries);
        offset += slice.entries.length;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      setSynced(revision);
    } finally {
      db.close();
    }
  }

  return {
    /** Logged in: the database appears (empty until the sync fills it). */
    async create() {
      if (enabled) (await open()).close();
    },
    /** The server's revision of the book (hello, linking): syncs all of it unless current. */
    sync(revision) {
      if (!enabled) return;
      enqueue(async (current) => {
        if (synced === revision && (await exists())) return;
        await fullSync(current);
      });
    },
    /** Records the server changed, as whole records. */
    apply(revision, entries) {
      if (!enabled) return;
      enqueue(async (current) => {
        const db = await open();
        try {
          await write(db, entries);
        } finally {
          db.close();
        }
        if (synced !== null && synced >= revision - 1) setSynced(Math.max(synced, revision));
        else if (current()) await fullSync(current);
      });
    },
    /** Logged out: the model cache goes with the login. */
    drop() {
      epoch += 1;
      setSynced(null);
      const done = queue.then(() => settled(indexedDB.deleteDatabase(DB_NAME)));
      queue = done.catch(() => {});
      return queue;
    },
  };
}

async function exists() {
  return (await indexedDB.databases()).some((info) => info.name === DB_NAME);
}

function open() {
  const opening = indexedDB.open(DB_NAME, VERSION);
  opening.onupgradeneeded = () => {
    for (const store of STORES) {
      if (!opening.result.objectStoreNames.contains(store)) opening.result.createObjectStore(store, { keyPath: 'id' });
    }
  };
  return settled(opening).then((db) => {
    // Never in the way of a deletion (logout) or of another tab's upgrade.
    db.onversionchange = () => db.close();
    return db;
  });
}

function write(db, entries) {
  const transaction = db.transaction(STORES, 'readwrite', { durability: 'relaxed' });
  const contacts = transaction.objectStore('contact');
  const chats = transaction.objectStore('chat');
  for (const entry of entries) {
    if (entry.contact) contacts.put(entry.contact);
    if (entry.chat) chats.put(entry.chat);
  }
  return new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = transaction.onabort = () => reject(transaction.error);
  });
}

function readRevision() {
  try {
    const saved = localStorage.getItem(REVISION_KEY);
    return saved === null ? null : Number(saved);
  } catch {
    return null;
  }
}

function settled(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
