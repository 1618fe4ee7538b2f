// `npm run bench:contacts`: a 100,000-contact CRM file imported into a real SQLite file (parse,
// then one merging transaction), 100,000 WhatsApp contacts synced on top in reader-sized batches,
// then search as you type: every prefix of realistic queries, timed one call at a time.
// Prints the figures and writes bench/results/contacts.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { ContactStore } from '../main/core/contacts/contact-store.ts';
import { WHATSAPP_BATCH_MAX, type WhatsAppContact } from '../main/core/contacts/contact.ts';
import { parseContactsFile } from '../main/core/contacts/import/import-file.ts';
import { openDatabase } from '../main/core/db/database.ts';
import { ROOT } from '../test/e2e/harness.ts';

const COUNT = Number(process.env['BENCH_CONTACTS'] ?? 100_000);
const GIVEN = ['Alice', 'Bruno', 'Chloé', 'Dmitri', 'Emma', 'Farid', 'Grace', 'Hiroshi', 'Ines', 'Jamal', 'Karin', 'Luca', 'Maya', 'Noah', 'Olga', 'Priya'];
const FAMILY = ['Johnson', 'Silva', 'Müller', 'Nguyen', 'García', 'Kowalski', 'Okafor', 'Rossi', 'Smith', 'Tanaka', 'Walsh', 'Yilmaz'];
const CHINESE = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周杰', '吴霞'];

/** A deterministic, varied address book: Latin and Chinese names, UK and US numbers, some emails. */
function person(i: number) {
  const chinese = i % 5 === 0;
  const name = chinese ? `${CHINESE[i % CHINESE.length]}${i % 97}` : `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]}-${i % 1000}`;
  const phone = i % 2 === 0 ? `+447${String(100000000 + i).slice(-9)}` : `(212) ${String(2000000 + i).slice(-7, -4)}-${String(i).padStart(4, '0').slice(-4)}`;
  return { name, phone, email: i % 3 === 0 ? `customer${i}@example.com` : '', company: i % 4 === 0 ? `Company ${i % 500}` : '' };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
const round = (ms: number) => Math.round(ms * 1000) / 1000;

const dir = mkdtempSync(join(tmpdir(), 'bench-contacts-'));
try {
  const db = openDatabase(join(dir, 'kiosk.sqlite'));
  const store = new ContactStore(db);

  const rows = Array.from({ length: COUNT }, (_, i) => person(i));
  const csv = Papa.unparse({ fields: ['Name', 'Mobile', 'Email', 'Company'], data: rows.map((r) => [r.name, r.phone, r.email, r.company]) });
  const bytes = new TextEncoder().encode(csv);

  let t0 = performance.now();
  const plan = parseContactsFile(bytes, { fileName: 'crm.csv', defaultRegion: 'US' });
  const parseMs = performance.now() - t0;
  t0 = performance.now();
  const imported = store.importCrm(plan.accepted.map((row) => row.draft), 'crm.csv', Date.now());
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
  const queries = ['Alice', 'alice johnson', 'Müller', 'garcia', '张伟', '李娜3', '+44 7700', '7001234', '212 200', '555', 'customer123', 'example.com', 'company 42', 'zzzz', 'Priya Okafor-12'];
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

  const result = {
    at: new Date().toISOString(),
    contacts: COUNT,
    csvBytes: bytes.length,
    import: { parseMs: Math.round(parseMs), mergeMs: Math.round(mergeMs), totalMs: Math.round(parseMs + mergeMs), accepted: plan.accepted.length, ...imported },
    whatsappSync: { contacts: whatsapp.length, batches: Math.ceil(whatsapp.length / WHATSAPP_BATCH_MAX), totalMs: Math.round(syncMs), merged: synced },
    search: { calls: times.length, p50Ms: round(quantile(times, 0.5)), p99Ms: round(quantile(times, 0.99)), maxMs: round(times.at(-1)!) },
    storeCount: store.count(),
  };
  db.close();
  console.log(`contacts bench: ${COUNT} contacts`);
  console.log(`import CRM CSV (${(bytes.length / 1e6).toFixed(1)} MB): parse ${result.import.parseMs} ms + merge ${result.import.mergeMs} ms = ${result.import.totalMs} ms (${result.import.created} created)`);
  console.log(`WhatsApp sync: ${result.whatsappSync.contacts} contacts in ${result.whatsappSync.batches} batches: ${result.whatsappSync.totalMs} ms`);
  console.log(`search as you type (${result.search.calls} calls): p50 ${result.search.p50Ms} ms, p99 ${result.search.p99Ms} ms, max ${result.search.maxMs} ms`);
  const out = join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'contacts.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`written ${join(out, 'contacts.json')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
