// `npm run bench:crash [-- --trials N]`: every crash part kills a child kiosk process with SIGKILL at
// random moments and counts what was lost or duplicated. Prints the figures and writes
// bench/results/crash.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrashPart } from './crash/part.ts';
import { emailCrashPart } from './crash/email.ts';
import { whatsappQueuePart } from './crash/whatsapp-queue.ts';

/** Trials per part when not told: at least 200 in all with the email part beside this one. */
const DEFAULT_TRIALS: Record<string, number> = { 'whatsapp-queue': 100, email: 100 };
const PARTS: CrashPart[] = [whatsappQueuePart, emailCrashPart];

const flag = process.argv.indexOf('--trials');
const asked = flag >= 0 ? Number(process.argv[flag + 1]) : null;
if (asked !== null && !(Number.isInteger(asked) && asked > 0)) throw new Error('--trials takes a positive whole number');

const results: Record<string, Record<string, number | string>> = {};
for (const part of PARTS) {
  const trials = asked ?? DEFAULT_TRIALS[part.name] ?? 100;
  console.log(`${part.name}: ${trials} trials`);
  results[part.name] = await part.run(trials, (line) => console.log(line));
  console.table(results[part.name]);
}
const out = join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'crash.json'), JSON.stringify({ at: new Date().toISOString(), results }, null, 2) + '\n');
console.log(`written ${join(out, 'crash.json')}`);
