/**
 * The page's IndexedDB database, "wawc", as WhatsApp Web names it. Store "user" holds the login
 * keys, store "pending-messages" the outbox of messages the server has not acknowledged yet.
 * Deleting the database logs the page out (and drops its outbox), which the kiosk's safe purge
 * must avoid.
 */
const DB_NAME = 'wawc';
const VERSION = 2;
const STORES = ['user', 'pending-messages'];

export async function withStore(name, mode, operation) {
  const opening = indexedDB.open(DB_NAME, VERSION);
  opening.onupgradeneeded = () => {
    for (const store of STORES) if (!opening.result.objectStoreNames.contains(store)) opening.result.createObjectStore(store);
  };
  const db = await settled(opening);
  // Never hold the database open: the kiosk (or a test) must be able to delete it at any time.
  try {
    const transaction = db.transaction(name, mode);
    const done = new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
    const result = await settled(operation(transaction.objectStore(name)));
    await done;
    return result;
  } finally {
    db.close();
  }
}

function settled(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
