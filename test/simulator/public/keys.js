import { withStore } from './db.js';

/** Login keys live where WhatsApp Web keeps them: IndexedDB "wawc", store "user" (see db.js). */
const STORE = 'user';
const KEY = 'WALoginKeys';

export async function readLoginKeys() {
  return (await withStore(STORE, 'readonly', (store) => store.get(KEY))) ?? null;
}

export function saveLoginKeys(keys) {
  return withStore(STORE, 'readwrite', (store) => store.put(keys, KEY));
}

export function deleteLoginKeys() {
  return withStore(STORE, 'readwrite', (store) => store.delete(KEY));
}
