import { withStore } from './db.js';

/**
 * The outbox: messages the page sent (or tried to send) that the server has not acknowledged,
 * kept in IndexedDB "wawc" / "pending-messages" by message id. Like WhatsApp Web, the page shows
 * them again with the clock after a reload and resends them; only an ack or a logout drops them.
 * Writes are queued so that a message's removal never overtakes its saving.
 */
const STORE = 'pending-messages';
let queue = Promise.resolve();

function queued(operation) {
  const result = queue.then(() => withStore(STORE, 'readwrite', operation));
  queue = result.catch(() => {});
  return result;
}

export async function readPending() {
  await queue;
  return withStore(STORE, 'readonly', (store) => store.getAll());
}

export function savePending({ id, chat, text, at }) {
  return queued((store) => store.put({ id, chat, text, at }, id));
}

export function dropPending(id) {
  return queued((store) => store.delete(id));
}

export function clearPending() {
  return queued((store) => store.clear());
}
