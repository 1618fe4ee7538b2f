import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/database.ts';
import { WriteGate } from '../../main/core/db/write-gate.ts';
import { NotesStore } from '../../main/core/notes/notes-store.ts';

describe('NotesStore', () => {
  it('keeps notes per incident and customer across a restart, the last text winning', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'notes-')), 'kiosk.sqlite');
    const db = openDatabase(file);
    const notes = new NotesStore(db, new WriteGate(() => undefined));
    await notes.save(3, '', 'refund for <img src=x onerror=alert(1)>', 1_000);
    await notes.save(3, '', 'refund for order 42', 2_000);
    await notes.save(3, '15550100001', 'promised a call at 3 pm', 3_000);
    await notes.save(4, '', 'another incident', 4_000);
    db.close();

    const again = new NotesStore(openDatabase(file), new WriteGate(() => undefined));
    expect(again.get(3, '')).toEqual({ incidentId: 3, customer: '', text: 'refund for order 42', updatedAt: 2_000 });
    expect(again.ofIncident(3).map((note) => [note.customer, note.text])).toEqual([
      ['', 'refund for order 42'],
      ['15550100001', 'promised a call at 3 pm'],
    ]);
    expect(again.get(5, '')).toBeNull();
    // After a restart the incident is a new one: the newest notes come back, old ones do not.
    expect(again.latest('', 1_000)?.text).toBe('another incident');
    expect(again.latest('', 5_000)).toBeNull();
  });

  it('says "saved" only once the write ran: a write held back by a restore waits, then lands', async () => {
    const db = openDatabase(':memory:');
    const gate = new WriteGate(() => undefined);
    const notes = new NotesStore(db, gate);
    let release!: () => void;
    const hold = gate.hold(() => new Promise<void>((resolve) => (release = resolve)));
    let saved = false;
    const save = notes.save(1, '', 'typed during a restore', 1).then(() => (saved = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(saved).toBe(false);
    expect(notes.get(1, '')).toBeNull();
    release();
    await hold;
    await save;
    expect(notes.get(1, '')?.text).toBe('typed during a restore');
  });
});
