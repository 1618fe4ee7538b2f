// `npm run smoke:electron`: the real Electron kiosk, start to quit, against the simulator. For any
// machine that has (or can download) the Electron binary; ours cannot, so there it reports that
// it was SKIPPED and exits 77, never that it passed.
//
// Steps: build; start Electron with a temporary profile (settings: the simulator as WhatsApp, the
// status endpoint on, short thresholds); pair through the simulator's control API; inject an
// outage and wait for failover; clear it and wait for fail-back; quit (SIGTERM) and check that
// the kiosk stopped cleanly (exit 0, "kiosk stopping" logged, database closed). Each step prints
// PASS or FAIL; the exit code is 0 only if every step passed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_FOLDER } from '../main/core/config/paths.ts';
import type { PartialSettings } from '../main/core/config/schema.ts';
import { startSimulator, type Simulator } from '../test/simulator/index.ts';

/** Exit code of a smoke test that could not run (the automake/TAP convention for "skipped"). */
export const EXIT_SKIPPED = 77;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary the electron package would start, without letting it download one. */
function electronBinary(): string | null {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, relative ?? 'electron');
  if (relative === null) return null;
  const binary = join(root, 'node_modules', 'electron', 'dist', relative);
  return existsSync(binary) ? binary : null;
}

/** The binary to start; without one the smoke test cannot run, and says so with its own exit code. */
function electronOrSkip(): string {
  const binary = electronBinary();
  if (binary !== null && existsSync(binary)) return binary;
  console.log(`SKIPPED: no Electron binary${binary ? ` at ${binary}` : ''}.`);
  console.log('Run `npx install-electron` on a machine that can download it (or set ELECTRON_OVERRIDE_DIST_PATH), then run this again.');
  process.exit(EXIT_SKIPPED);
}

const binary = electronOrSkip();
type Status = { state: string; fault: string | null; mode: string };
const results: { step: string; ok: boolean; detail: string }[] = [];
let electron: ChildProcess | null = null;
let sim: Simulator | null = null;
const profile = mkdtempSync(join(tmpdir(), 'kiosk-smoke-electron-'));

async function step(name: string, run: () => Promise<string>): Promise<boolean> {
  const started = Date.now();
  try {
    const detail = await run();
    results.push({ step: name, ok: true, detail: `${detail} (${((Date.now() - started) / 1000).toFixed(1)} s)` });
    console.log(`PASS  ${name}: ${detail}`);
    return true;
  } catch (error) {
    results.push({ step: name, ok: false, detail: (error as Error).message });
    console.log(`FAIL  ${name}: ${(error as Error).message}`);
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, timeoutMs: number, read: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    if (electron?.exitCode !== null && electron?.exitCode !== undefined)
      throw new Error(`Electron exited (${electron.exitCode}) while waiting for ${what}`);
    try {
      const value = await read();
      if (value !== null) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no ${what} within ${timeoutMs / 1000} s${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

async function main(): Promise<void> {
  const statusPort = await freePort();
  const statusUrl = `http://127.0.0.1:${statusPort}/status`;
  const status = async (): Promise<Status> => (await (await fetch(statusUrl)).json()) as Status;
  const control = async (method: string, path: string): Promise<void> => {
    const response = await fetch(new URL(path, sim?.url), { method });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  };

  if (
    !(await step('build', async () => {
      const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
      if (built.status !== 0) throw new Error(`npm run build exited ${built.status}`);
      return 'renderer and Electron bundles built';
    }))
  )
    return;

  const started = await step('start', async () => {
    sim = await startSimulator({ port: 0, independentPort: 0 });
    // The temporary profile: Electron's userData follows these variables (config/paths.ts).
    const env = { ...process.env, XDG_CONFIG_HOME: profile, APPDATA: profile, HOME: profile };
    const dataDir = process.platform === 'darwin' ? join(profile, 'Library', 'Application Support', APP_FOLDER) : join(profile, APP_FOLDER);
    mkdirSync(dataDir, { recursive: true });
    const settings: PartialSettings = {
      general: { whatsappUrl: sim.url },
      statusEndpoint: { enabled: true, port: statusPort },
      health: {
        probeIntervalMs: 1_000,
        networkProbeIntervalMs: 2_000,
        failuresToDown: 3,
        healthyStableMs: 3_000,
        independentProbeUrl: sim.independentUrl,
      },
      failover: { graceMs: 8_000, typingHoldMs: 1_000 },
    };
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings, null, 2));
    electron = spawn(binary, [root], { cwd: root, env, stdio: 'inherit' });
    const first = await waitFor('status endpoint', 60_000, async () => status());
    return `Electron up, status endpoint says ${first.state}/${first.mode}`;
  });
  if (!started) return;

  const paired = await step('pair', async () => {
    await waitFor('a QR to scan', 60_000, async () => {
      await control('POST', '/__sim/scan');
      return true;
    });
    const healthy = await waitFor('a healthy WhatsApp in front', 60_000, async () => {
      const now = await status();
      return now.state === 'healthy' && now.mode === 'whatsapp' ? now : null;
    });
    return `paired; ${healthy.state}, ${healthy.mode} in front`;
  });
  if (paired) {
    const failedOver = await step('outage -> failover', async () => {
      await control('POST', '/__sim/faults/outage');
      const down = await waitFor('failover', 120_000, async () => {
        const now = await status();
        return now.mode === 'failover' ? now : null;
      });
      return `failover pane in front (fault ${down.fault})`;
    });
    if (failedOver) {
      await step('recovery -> fail-back', async () => {
        await control('DELETE', '/__sim/faults/outage');
        await waitFor('fail-back', 120_000, async () => {
          const now = await status();
          return now.mode === 'whatsapp' && now.state === 'healthy' ? now : null;
        });
        return 'WhatsApp in front again, healthy';
      });
    }
  }

  await step('quit', async () => {
    const child = electron as ChildProcess;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 30_000))]);
    if (code === 'hung') throw new Error('Electron did not exit within 30 s of SIGTERM');
    if (code !== 0) throw new Error(`Electron exited with ${code}`);
    const dataDir = process.platform === 'darwin' ? join(profile, 'Library', 'Application Support', APP_FOLDER) : join(profile, APP_FOLDER);
    const log = readFileSync(join(dataDir, 'logs', 'kiosk.log'), 'utf8');
    if (!log.includes('kiosk stopping')) throw new Error('the log does not say the kiosk stopped');
    // A database closed cleanly leaves no write-ahead log behind (SQLite checkpoints and removes it).
    if (existsSync(join(dataDir, 'kiosk.sqlite-wal'))) throw new Error('kiosk.sqlite-wal left behind: the database was not closed');
    return 'exit 0, kiosk stopped, database closed';
  });
}

try {
  await main();
} catch (error) {
  results.push({ step: 'smoke test', ok: false, detail: (error as Error).message });
  console.log(`FAIL  smoke test: ${(error as Error).message}`);
} finally {
  if (electron && (electron as ChildProcess).exitCode === null) (electron as ChildProcess).kill('SIGKILL');
  await (sim as Simulator | null)?.close().catch(() => undefined);
  rmSync(profile, { recursive: true, force: true });
}
const failed = results.filter((result) => !result.ok);
console.log(
  `\nsmoke:electron ${failed.length === 0 ? 'PASSED' : 'FAILED'}: ${results.length - failed.length} of ${results.length} steps passed`,
);
process.exit(failed.length === 0 ? 0 : 1);
