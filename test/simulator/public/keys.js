/**
 * Login keys live where WhatsApp Web keeps them: IndexedDB database "wawc", store "user". A
 * storage purge that deletes them logs the page out, which the kiosk's safe purge must avoid.
 */
const DB_NAME = 'wawc';
const STORE = 'user';
const KEY = 'WALoginKeys';

export async function readLoginKeys() {
  return (await withStore('readonly', (store) => store.get(KEY))) ?? null;
}

export function saveLoginKeys(keys) {
  return withStore('readwrite', (store) => store.put(keys, KEY));
}

export function deleteLoginKeys() {
  return withStore('readwrite', (store) => store.delete(KEY));
}

async function withStore(mode, operation) {
  const opening = indexedDB.open(DB_NAME, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  const db = await settled(opening);
  // Never hold the database open: the kiosk (or a test) must be able to delete it at any time.
  try {
    const transaction = db.transaction(STORE, mode);
    const done = new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
    const result = await settled(operation(transaction.objectStore(STORE)));
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
