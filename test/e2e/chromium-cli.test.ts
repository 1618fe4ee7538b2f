import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { ROOT } from './harness.ts';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
});

/** The process ids below `pid`, children first. */
function descendants(pid: number): number[] {
  let children: number[];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    // pgrep exits 1 when there is no child.
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function commandOf(pid: number): string {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

it('the Chromium shell exits non-zero when its browser is killed, so a service manager starts it again', async () => {
  sim = await startSimulator({ lang: 'en' });
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-cli-'));
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'main/shells/chromium/cli.ts'),
      '--url',
      sim.url,
      '--headless',
      '--data-dir',
      dataDir,
      '--policy',
      join(dataDir, 'none.json'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // 'close', not 'exit': the child's last lines on stdout/stderr may still be on their way at 'exit'.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('kiosk running')) {
    if (Date.now() > deadline) throw new Error(`the kiosk did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // The browser process: the Chromium child without --type= (renderers and helpers carry one).
  const browser = descendants(child.pid!).find((pid) => /chromium/.test(commandOf(pid)) && !/--type=/.test(commandOf(pid)));
  expect(browser).toBeDefined();
  process.kill(browser!, 'SIGKILL');
  const code = await exited;
  expect(code).toBe(3);
  expect(output).toMatch(/the browser went away/);
}, 120_000);
