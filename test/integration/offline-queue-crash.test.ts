import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase } from '../../main/core/db/database.ts';
import { unsharedGate } from '../../main/core/db/write-gate.ts';
import { loadMarkers } from '../../main/core/health/markers.ts';
import { chatMarkers } from '../../main/core/offline-queue/chat-markers.ts';
import { QueueStore } from '../../main/core/offline-queue/queue-store.ts';
import { StandInWhatsApp } from '../../bench/crash/stand-in-whatsapp.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

it('a reply the agent was told is queued survives kill -9 right after', async () => {
  const dbFile = join(mkdtempSync(join(tmpdir(), 'queue-crash-')), 'kiosk.sqlite');
  const whatsapp = new StandInWhatsApp(['15550100001', '15550100002'], 50);
  const url = await whatsapp.listen();
  const texts = ['one', 'two', 'three', 'four', 'five', 'six'];
  const markers = JSON.stringify(chatMarkers(loadMarkers(join(ROOT, 'resources', 'probe', 'markers.json')).messages));
  const told: string[] = [];
  // The child queues through the real store over the real file; it is killed the moment the third "queued" is read.
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench', 'crash', 'queue-child.ts'), dbFile, url, ...texts], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, CRASH_CHAT_MARKERS: markers },
    });
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.startsWith('queued ')) continue;
        told.push(line.slice('queued '.length));
        if (told.length === 3) child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the child was not killed (${signal})`))));
  });
  await whatsapp.close();

  // Started again: everything the agent was told is queued is there, not yet sent.
  const db = openDatabase(dbFile);
  const list = new QueueStore(db, unsharedGate()).list(100);
  db.close();
  expect(told.length).toBeGreaterThanOrEqual(3);
  for (const text of told) expect(list.find((item) => item.text === text)?.state).toBe('queued');
  expect(whatsapp.sent()).toEqual([]);
});
