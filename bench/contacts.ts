// `npm run bench:contacts`: a 100,000-contact CRM file imported into a real SQLite file (parse,
// then one merging transaction), 100,000 WhatsApp contacts synced on top in reader-sized batches,
// then search as you type: every prefix of realistic queries, timed one call at a time. Then the
// same file through the kiosk's import path (worker thread, merge in steps), and 20 MB files shaped
// to be slow (test/integration/hostile-contacts.ts: stray quotes in every CSV row, a long
// quoted-printable vCard value...), each with the longest pause of the event loop while it ran:
// what detection and failover would have felt.
// Prints the figures and writes bench/results/contacts.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Papa from 'papaparse';
import { defaultSettings } from '../main/core/config/schema.ts';
import { ContactStore } from '../main/core/contacts/contact-store.ts';
import { WHATSAPP_BATCH_MAX, type WhatsAppContact } from '../main/core/contacts/contact.ts';
import { ContactsService } from '../main/core/contacts/contacts-service.ts';
import { parseContactsFile } from '../main/core/contacts/import/import-file.ts';
import { unsharedGate } from '../main/core/db/write-gate.ts';
import { openDatabase } from '../main/core/db/database.ts';
import { IMPORT_MAX_BYTES } from '../main/core/ipc/contract.ts';
import { createLogger } from '../main/core/log/logger.ts';
import { systemClock } from '../main/core/ports.ts';
import { ROOT } from '../test/e2e/harness.ts';
import { HOSTILE_CSV, HOSTILE_VCARD } from '../test/integration/hostile-contacts.ts';

const COUNT = Number(process.env['BENCH_CONTACTS'] ?? 100_000);
const GIVEN = [
  'Alice',
  'Bruno',
  'Chloé',
  'Dmitri',
  'Emma',
  'Farid',
  'Grace',
  'Hiroshi',
  'Ines',
  'Jamal',
  'Karin',
  'Luca',
  'Maya',
  'Noah',
  'Olga',
  'Priya',
];
const FAMILY = ['Johnson', 'Silva', 'Müller', 'Nguyen', 'García', 'Kowalski', 'Okafor', 'Rossi', 'Smith', 'Tanaka', 'Walsh', 'Yilmaz'];
const CHINESE = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴霞'];

/** A deterministic, varied address book: Latin and Chinese names, UK and US numbers, some emails. */
function person(i: number) {
  const chinese = i % 5 === 0;
  const name = chinese
    ? `${CHINESE[i % CHINESE.length]}${i % 97}`
    : `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]}-${i % 1000}`;
  const phone =
    i % 2 === 0
      ? `+447${String(100000000 + i).slice(-9)}`
      : `(212) ${String(2000000 + i).slice(-7, -4)}-${String(i).padStart(4, '0').slice(-4)}`;
  return { name, phone, email: i % 3 === 0 ? `customer${i}@example.com` : '', company: i % 4 === 0 ? `Company ${i % 500}` : '' };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * A file imported through the kiosk's own path (ContactsService: worker thread, merge in steps)
 * into a fresh database: how long it took, what came of it, and the event loop's longest pause.
 */
async function importThroughKiosk(dir: string, fileName: string, text: string) {
  const work = mkdtempSync(join(dir, 'kiosk-'));
  const db = openDatabase(join(work, 'kiosk.sqlite'));
  const contacts = new ContactsService({
    db,
    writeGate: unsharedGate(),
    settings: defaultSettings(),
    backupsDir: join(work, 'backups'),
    clock: systemClock,
    log: createLogger(join(work, 'logs')),
  });
  const dataBase64 = Buffer.from(text).toString('base64');
  // Warm the worker thread: its start-up is paid once per kiosk, not per file.
  await contacts.preview({ fileName: 'warm.csv', dataBase64: Buffer.from('Phone\n+12015550123\n').toString('base64') });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t0 = performance.now();
  const result = await contacts.importFile({ fileName, dataBase64 });
  const totalMs = Math.round(performance.now() - t0);
  delay.disable();
  contacts.stop();
  db.close();
  return {
    bytes: Buffer.byteLength(text),
    totalMs,
    longestPauseMs: Math.round(delay.max / 1e6),
    outcome: 'refused' in result ? { refused: result.refused.code } : { created: result.created, skipped: result.skipped },
  };
}

/** Just under the largest file the panel sends. */
const HOSTILE_BYTES = IMPORT_MAX_BYTES - 1024;
const HOSTILE = [...HOSTILE_CSV, ...HOSTILE_VCARD];

const dir = mkdtempSync(join(tmpdir(), 'bench-contacts-'));
try {
  const db = openDatabase(join(dir, 'kiosk.sqlite'));
  const store = new ContactStore(db);

  const rows = Array.from({ length: COUNT }, (_, i) => person(i));
  const csv = Papa.unparse({
    fields: ['Name', 'Mobile', 'Email', 'Company'],
    data: rows.map((r) => [r.name, r.phone, r.email, r.company]),
  });
  const bytes = new TextEncoder().encode(csv);

  let t0 = performance.now();
  const plan = parseContactsFile(bytes, { fileName: 'crm.csv', defaultRegion: 'US' });
  const parseMs = performance.now() - t0;
  t0 = performance.now();
  const imported = store.importCrm(
    plan.accepted.map((row) => row.draft),
    'crm.csv',
    Date.now(),
  );
  const mergeMs = performance.now() - t0;

  // The same people seen on WhatsApp: every number merges into its CRM contact.
  const whatsapp: WhatsAppContact[] = rows.map((r, i) => ({
    id: `${plan.accepted[i]!.draft.phones[0]!.slice(1)}@c.us`,
    phone: null,
    name: null,
    pushName: `~${r.name.split(' ')[0]}`,
    isBusiness: i % 50 === 0,
    lastInteractionAt: i % 10 === 0 ? Date.now() - i * 1000 : null,
    unread: i % 7 === 0 ? 1 : 0,
  }));
  t0 = performance.now();
  let synced = 0;
  for (let i = 0; i < whatsapp.length; i += WHATSAPP_BATCH_MAX) {
    const counts = store.syncWhatsApp({ v: 1, source: 'indexeddb', contacts: whatsapp.slice(i, i + WHATSAPP_BATCH_MAX) }, Date.now());
    synced += counts.updated + counts.created;
  }
  const syncMs = performance.now() - t0;

  // Search as you type: each prefix of each query is one search, as the failover pane sends them.
  const queries = [
    'Alice',
    'alice johnson',
    'Müller',
    'garcia',
    '张伟',
    '李娜3',
    '+44 7700',
    '7001234',
    '212 200',
    '555',
    'customer123',
    'example.com',
    'company 42',
    'zzzz',
    'Priya Okafor-12',
  ];
  const typed = queries.flatMap((query) => Array.from({ length: query.length }, (_, n) => query.slice(0, n + 1)));
  for (const q of typed) store.search(q);
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const q of typed) {
      const start = performance.now();
      store.search(q, 20);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  if (process.env['BENCH_VERBOSE']) {
    for (const q of typed) {
      const start = performance.now();
      store.search(q, 20);
      console.log(JSON.stringify(q), (performance.now() - start).toFixed(2));
    }
  }

  const kioskImport = await importThroughKiosk(dir, 'crm.csv', csv);
  const hostile: Record<string, Awaited<ReturnType<typeof importThroughKiosk>>> = {};
  for (const file of HOSTILE) hostile[file.name] = await importThroughKiosk(dir, file.fileName, file.text(HOSTILE_BYTES));

  const result = {
    at: new Date().toISOString(),
    contacts: COUNT,
    csvBytes: bytes.length,
    import: {
      parseMs: Math.round(parseMs),
      mergeMs: Math.round(mergeMs),
      totalMs: Math.round(parseMs + mergeMs),
      accepted: plan.accepted.length,
      ...imported,
    },
    whatsappSync: {
      contacts: whatsapp.length,
      batches: Math.ceil(whatsapp.length / WHATSAPP_BATCH_MAX),
      totalMs: Math.round(syncMs),
      merged: synced,
    },
    search: { calls: times.length, p50Ms: round(quantile(times, 0.5)), p99Ms: round(quantile(times, 0.99)), maxMs: round(times.at(-1)!) },
    storeCount: store.count(),
    kioskImport,
    hostile,
  };
  db.close();
  console.log(`contacts bench: ${COUNT} contacts`);
  console.log(
    `import CRM CSV (${(bytes.length / 1e6).toFixed(1)} MB): parse ${result.import.parseMs} ms + merge ${result.import.mergeMs} ms = ${result.import.totalMs} ms (${result.import.created} created)`,
  );
  console.log(
    `WhatsApp sync: ${result.whatsappSync.contacts} contacts in ${result.whatsappSync.batches} batches: ${result.whatsappSync.totalMs} ms`,
  );
  console.log(
    `search as you type (${result.search.calls} calls): p50 ${result.search.p50Ms} ms, p99 ${result.search.p99Ms} ms, max ${result.search.maxMs} ms`,
  );
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const line = (what: string, r: typeof kioskImport) =>
    console.log(
      `${what} (${mb(r.bytes)}) through the kiosk: ${r.totalMs} ms, longest event-loop pause ${r.longestPauseMs} ms, ${JSON.stringify(r.outcome)}`,
    );
  line('CRM CSV', kioskImport);
  for (const [name, r] of Object.entries(hostile)) line(`hostile: ${name}`, r);
  const out = join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'contacts.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`written ${join(out, 'contacts.json')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
