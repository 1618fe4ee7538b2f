// The email part of the crash benchmark: a child process running the real outbox over a real
// SQLite file is killed with SIGKILL at a random moment while it queues and sends, then started
// again to finish; every email it said was queued must reach the SMTP server (lost: must be 0).
// A duplicate is possible only in the send window (the server said 250, the kill came before the
// row was marked sent): it is counted, with the same Message-ID, as the README says.
// Alone: node bench/crash/email.ts [trials]  (prints the figures, writes bench/results/crash-email.json)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSmtpSink } from '../../test/support/mail-sink.ts';
import type { CrashPart } from './part.ts';

const CHILD = fileURLToPath(new URL('./email-child.ts', import.meta.url));
const PER_TRIAL = 5;
/**
 * The kill comes after a random line of the child's (ready, each "queued", each "sending"), then a
 * random few milliseconds: so kills fall while it queues, inside send windows and between them,
 * whatever the machine's speed.
 */
const KILL_DELAY_MS = 250;

interface ChildRun {
  lines: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
}

function runChild(args: string[], killAfterLine: number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: string[] = [];
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (lines.length === killAfterLine) setTimeout(() => child.kill('SIGKILL'), Math.random() * KILL_DELAY_MS);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ lines, code, signal }));
  });
}

const valuesOf = (lines: string[], prefix: string) =>
  lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length));

export const emailCrashPart: CrashPart = {
  name: 'email',
  async run(trials, log) {
    const smtp = await startSmtpSink();
    const dir = mkdtempSync(join(tmpdir(), 'crash-email-'));
    const file = join(dir, 'kiosk.sqlite');
    const acknowledged = new Set<string>();
    const inSendWindow = new Set<string>();
    let killed = 0;
    try {
      // Each run first finishes what the kill before it left, then queues and sends its own; the
      // last run is not killed and finishes everything.
      for (let trial = 0; trial <= trials; trial++) {
        const last = trial === trials;
        const run = await runChild(
          [file, String(smtp.port), last ? '0' : String(PER_TRIAL)],
          last ? null : 1 + Math.floor(Math.random() * (1 + 2 * PER_TRIAL)),
        );
        if (run.signal === 'SIGKILL') killed++;
        else if (run.code !== 0) throw new Error(`the outbox process exited with ${run.code}`);
        for (const id of valuesOf(run.lines, 'queued ')) acknowledged.add(id);
        for (const id of valuesOf(run.lines, 'in-send-window ')) inSendWindow.add(id);
        if (trial % 20 === 19) log(`email: ${trial + 1}/${trials} trials, ${smtp.received.length} emails received`);
      }
    } finally {
      await smtp.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const copies = new Map<string, number>();
    for (const mail of smtp.received) copies.set(mail.messageId ?? '', (copies.get(mail.messageId ?? '') ?? 0) + 1);
    const duplicated = [...copies].filter(([, n]) => n > 1);
    return {
      trials,
      killedMidRun: killed,
      emailsWritten: acknowledged.size,
      emailsReceived: smtp.received.length,
      emailsLost: [...acknowledged].filter((id) => !copies.has(id)).length,
      emailsDuplicated: duplicated.reduce((sum, [, n]) => sum + n - 1, 0),
      duplicatesOutsideSendWindow: duplicated.filter(([id]) => !inSendWindow.has(id)).length,
      foundInSendWindowAtRestart: inSendWindow.size,
      duplicateWindow: "between the SMTP server's 250 for DATA and the outbox row marked sent; the resend carries the same Message-ID",
    };
  },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const trials = Number(process.argv[2] ?? 200);
  const figures = await emailCrashPart.run(trials, (line) => console.log(line));
  console.table(figures);
  const out = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'crash-email.json'), `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`);
}
