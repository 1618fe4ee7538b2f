// The kiosk child of the WhatsApp queue crash bench: the real QueueStore over a real SQLite file
// (synchronous=FULL) and the real WhatsAppReplayer on real timers; WhatsApp is the bench's
// stand-in, reached over HTTP. Queues the texts given (one line `queued <text>` once each is on
// disk), then replays until the queue is empty and prints `done`. The bench kills it at random.
import { pino } from 'pino';
import { openDatabase } from '../../main/core/db/database.ts';
import { WriteGate } from '../../main/core/db/write-gate.ts';
import type { KioskStatus } from '../../main/core/ipc/contract.ts';
import type { ChatMarkers } from '../../main/core/offline-queue/chat-markers.ts';
import { QueueStore } from '../../main/core/offline-queue/queue-store.ts';
import { WhatsAppReplayer } from '../../main/core/offline-queue/replayer.ts';
import { systemClock, type WhatsAppSurface } from '../../main/core/ports.ts';
import { Timers } from '../../main/core/runtime/guarded.ts';
import { initialStatus } from '../../main/core/status/status-board.ts';

const [dbFile, whatsapp, ...texts] = process.argv.slice(2) as [string, string, ...string[]];
const call = async (path: string, body?: unknown): Promise<unknown> => {
  const response = await fetch(`${whatsapp}${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
};
const surface = {
  openChat: async (url: string) => void (await call('/open', { url })),
  load: async (url: string) => void (await call('/open', { url })),
  pressEnter: async () => void (await call('/press')),
  readOpenChat: () => call('/read'),
} as unknown as WhatsAppSurface;

const log = pino({ level: 'warn' }, pino.destination(2));
const db = openDatabase(dbFile);
const store = new QueueStore(db, new WriteGate((error) => log.error(error)));
const timers = new Timers(systemClock, log);
const healthy: KioskStatus = {
  ...initialStatus(0, { seatId: 'bench', language: 'en', problems: [] }),
  whatsapp: { screen: 'chats', socketState: 'CONNECTED', lastHeartbeat: 0 },
};
let recovered = false;
const replayer = new WhatsAppReplayer({
  store,
  surface,
  timers,
  now: () => Date.now(),
  log,
  // WhatsApp "comes back" once this child queued what it was given: kills land in both phases.
  status: () => (recovered ? healthy : { ...healthy, mode: 'failover' }),
  // From the bench (loaded once there from the marker pack): loading the pack here costs each start a second.
  markers: JSON.parse(process.env.CRASH_CHAT_MARKERS ?? '') as ChatMarkers,
  whatsappUrl: 'https://web.whatsapp.com/',
  policy: { autoSend: true, stableMs: 0, openTimeoutMs: 2_000, confirmTimeoutMs: 2_000 },
  changed: () => undefined,
  tickMs: 20,
});
replayer.start();
process.stdout.write('ready\n');
// The core's timers do not hold a process open (the shells' windows do): this child is held by one of its own.
setInterval(() => undefined, 60_000);
for (const [i, text] of texts.entries()) {
  await store.add(
    { phone: i % 2 === 0 ? '15550100001' : '15550100002', text, incidentId: null, contactId: null, customerName: null },
    Date.now(),
  );
  process.stdout.write(`queued ${text}\n`);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
}
recovered = true;
timers.every(20, 'done?', () => {
  if (store.head() === null && !replayer.isReplaying()) {
    process.stdout.write('done\n');
    process.exit(0);
  }
});
