import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMarkers } from '../../main/core/health/markers.ts';
import { chatMarkers } from '../../main/core/offline-queue/chat-markers.ts';
import type { CrashPart } from './part.ts';
import { StandInWhatsApp } from './stand-in-whatsapp.ts';

const CHILD = new URL('./queue-child.ts', import.meta.url).pathname;
const MARKERS = JSON.stringify(chatMarkers(loadMarkers(new URL('../../resources/probe/markers.json', import.meta.url).pathname).messages));
const MESSAGES_PER_TRIAL = 4;
/** Kills land anywhere in queueing and replay, counted from the child's `ready`. */
const KILL_WINDOW_MS = 1_800;
/** A trial whose child never says "done" within this many restarts is a failure of the bench itself. */
const MAX_RUNS = 30;

interface Run {
  queued: string[];
  done: boolean;
}

/** Starts the child; kills it with SIGKILL after `killAfterMs` unless it finished first. */
function runChild(dbFile: string, whatsapp: string, texts: readonly string[], killAfterMs: number | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbFile, whatsapp, ...texts], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, CRASH_CHAT_MARKERS: MARKERS },
    });
    const run: Run = { queued: [], done: false };
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('queued ')) run.queued.push(line.slice('queued '.length));
        if (line === 'done') run.done = true;
        // Counted from the child's start-up done (database open), so kills land in queueing and replay.
        if (line === 'ready' && killAfterMs !== null) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    let timer: NodeJS.Timeout | null = null;
    child.on('error', reject);
    child.on('exit', () => {
      if (timer) clearTimeout(timer);
      resolve(run);
    });
  });
}

/**
 * Queue and replay under kill -9: each trial a fresh database; the first child queues 4 replies
 * and is killed at a random moment, then children are started again (each killed at random, the
 * later ones less often) until one reports the queue empty. WhatsApp's side lives in this process.
 */
export const whatsappQueuePart: CrashPart = {
  name: 'whatsapp-queue',
  async run(trials, log) {
    let written = 0;
    let lost = 0;
    let twice = 0;
    let kills = 0;
    let restarts = 0;
    const started = Date.now();
    for (let trial = 0; trial < trials; trial++) {
      const dir = mkdtempSync(join(tmpdir(), 'crash-queue-'));
      const whatsapp = new StandInWhatsApp(['15550100001', '15550100002'], 30 + Math.random() * 200);
      const url = await whatsapp.listen();
      const texts = Array.from({ length: MESSAGES_PER_TRIAL }, (_, i) => `trial ${trial} message ${i} ${'*'.repeat(i)}`);
      const told = new Set<string>();
      let done = false;
      for (let runs = 0; !done; runs++) {
        if (runs >= MAX_RUNS) throw new Error(`trial ${trial}: the queue never emptied after ${MAX_RUNS} runs`);
        const kill = runs === 0 || Math.random() < 0.5 ? Math.random() * KILL_WINDOW_MS : null;
        const run = await runChild(join(dir, 'kiosk.sqlite'), url, runs === 0 ? texts : [], kill);
        for (const text of run.queued) told.add(text);
        done = run.done;
        if (!done) kills++;
        if (runs > 0) restarts++;
      }
      const sent = whatsapp.sent();
      written += told.size;
      lost += [...told].filter((text) => !sent.includes(text)).length;
      twice += texts.filter((text) => sent.filter((other) => other === text).length > 1).length;
      await whatsapp.close();
      rmSync(dir, { recursive: true, force: true });
      if ((trial + 1) % 20 === 0) log(`whatsapp-queue: ${trial + 1}/${trials} trials, ${kills} kills, lost ${lost}, sent twice ${twice}`);
    }
    return {
      trials,
      messagesWritten: written,
      kills,
      restarts,
      lost,
      sentTwice: twice,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      child:
        'real QueueStore + WhatsAppReplayer over a real SQLite file (synchronous=FULL), real timers; WhatsApp is a stand-in in the bench process over HTTP',
    };
  },
};
