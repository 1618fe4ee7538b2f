import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IMPORT_MESSAGE_CODES } from '../../main/core/ipc/contacts-wire.ts';
import { checkIntegrity } from '../../main/core/db/backups.ts';
import { contactsWorkstation } from './contacts-workstation.ts';
import { HOSTILE_CSV, HOSTILE_VCARD } from './hostile-contacts.ts';

/**
 * Damaged CRM files through the real import path into one real SQLite file: each import is
 * either refused with a reason for the agent (and the store keeps its size) or lands with the store
 * growing by exactly what the report says, and the database stays sound throughout. (That a
 * failure half-way leaves nothing behind is shown in contact-store.test.ts.)
 */
const FIXTURE_DIR = new URL('../fixtures/contacts/', import.meta.url);
const FIXTURES = readdirSync(FIXTURE_DIR).map((name) => ({ name, bytes: readFileSync(new URL(name, FIXTURE_DIR)) }));

const { file, db, contacts } = contactsWorkstation();
afterAll(() => {
  contacts.stop();
  db.close();
});

/** A fixture with bytes flipped, cut, duplicated or spliced: the damage real files arrive with. */
const damagedFile = fc
  .record({
    fixture: fc.constantFrom(...FIXTURES),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
    cutAt: fc.option(fc.nat()),
    repeat: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ fixture, flips, cutAt, repeat }) => {
    let bytes = Buffer.concat(Array.from({ length: repeat }, () => fixture.bytes));
    for (const [at, value] of flips) bytes[at % bytes.length] = value;
    if (cutAt !== null) bytes = bytes.subarray(0, cutAt % (bytes.length + 1));
    return { name: fixture.name, bytes };
  });

describe('importing damaged files into a real database', () => {
  it('refuses or imports, never crashes, and the report matches what was stored', async () => {
    await fc.assert(
      fc.asyncProperty(damagedFile, async ({ name, bytes }) => {
        const before = contacts.store.count();
        const result = await contacts.importFile({ fileName: name, dataBase64: bytes.toString('base64') });
        if ('refused' in result) expect(IMPORT_MESSAGE_CODES).toContain(result.refused.code);
        expect(contacts.store.count()).toBe(before + ('refused' in result ? 0 : result.created));
      }),
      { numRuns: 400 },
    );
    expect(checkIntegrity(file)).toBeNull();
  });
});

/** The longest pause of a 50 ms timer on this thread while `during` runs. */
async function longestPause<T>(during: () => Promise<T>): Promise<{ result: T; longestMs: number }> {
  let last = performance.now();
  let longestMs = 0;
  const beat = setInterval(() => {
    const now = performance.now();
    longestMs = Math.max(longestMs, now - last);
    last = now;
  }, 50);
  try {
    const result = await during();
    longestMs = Math.max(longestMs, performance.now() - last);
    return { result, longestMs };
  } finally {
    clearInterval(beat);
  }
}

describe('importing files shaped to be slow', () => {
  const shapes = [...HOSTILE_CSV, ...HOSTILE_VCARD];
  it.each(shapes)('imports $name (1 MB) to a clear result, the store as the report says', { timeout: 60_000 }, async (hostile) => {
    const before = contacts.store.count();
    const dataBase64 = Buffer.from(hostile.text(1024 * 1024)).toString('base64');
    const result = await contacts.importFile({ fileName: hostile.fileName, dataBase64 });
    if ('refused' in result) expect(IMPORT_MESSAGE_CODES).toContain(result.refused.code);
    else expect(result.created + result.updated + result.unchanged + result.skipped).toBeGreaterThan(0);
    expect(contacts.store.count()).toBe(before + ('refused' in result ? 0 : result.created));
  });

  // Detection and failover run on timers of this thread: the import must leave them their beat.
  // Before the worker, a 1 MB file of stray quotes held the thread for minutes.
  it('keeps the main thread beating while a hostile 1 MB CSV is imported', { timeout: 120_000 }, async () => {
    const stray = HOSTILE_CSV.find((file) => file.fileName === 'stray-quotes.csv')!;
    const dataBase64 = Buffer.from(stray.text(1024 * 1024)).toString('base64');
    const { result, longestMs } = await longestPause(() => contacts.importFile({ fileName: 'beat.csv', dataBase64 }));
    expect('refused' in result ? null : result.skipped).toBeGreaterThan(10_000);
    expect(longestMs).toBeLessThan(1_000);
  });
});
