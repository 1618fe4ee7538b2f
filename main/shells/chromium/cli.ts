import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveLanguage } from '../../core/config/language.ts';
import { policyFilePath } from '../../core/config/policy-path.ts';
import { userDataDir } from '../../core/config/paths.ts';
import type { PartialSettings } from '../../core/config/schema.ts';
import { guarded } from '../../core/runtime/guarded.ts';
import { guardProcess } from '../../core/runtime/process-guards.ts';
import { drainLog } from '../../core/startup/drain-log.ts';
import { startupFailure } from '../../core/startup/startup-failure.ts';
import { launchChromiumKiosk } from './chromium-kiosk.ts';
import { runDiagnoseCommand } from './diagnose-command.ts';

/** Distinct from a start-up failure (EXIT_STARTUP_FAILED), so a service manager's log tells them apart. */
const EXIT_BROWSER_GONE = 3;
/** `--diagnose` found a failing check (IT's scripts can act on it). */
const EXIT_DIAGNOSIS_FAILED = 4;

const USAGE = `usage: npm run start:chromium -- [--url URL] [--data-dir DIR] [--profile DIR] [--policy FILE] [--headless] [--status-port N] [--diagnose]

  --url URL        WhatsApp Web address (e.g. the simulator's); default from settings
  --data-dir DIR   settings, database, logs and browser profile; default the per-user folder
  --profile DIR    WhatsApp's browser profile; default chromium-profile/ in the data folder
  --policy FILE    IT policy file; default the per-OS policy path
  --headless       run without a window (machines without a display)
  --status-port N  turn on the read-only status endpoint on loopback port N
  --diagnose       run the diagnostics (network, WhatsApp, disk, database, versions...) instead of
                   the kiosk; writes the report to diagnostics/ in the data folder, prints it, and
                   exits with 4 when a check fails`;

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function main(): Promise<void> {
  let values: ReturnType<typeof parseCommandLine>;
  try {
    values = parseCommandLine();
  } catch (error) {
    console.error((error as Error).message);
    console.error(USAGE);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = values['data-dir'] ?? userDataDir(process.platform, process.env, homedir());
  try {
    await run(values, dataDir);
  } catch (error) {
    // The same as the Electron shell's failed start, in a terminal's terms: what failed in the
    // agent's language on stderr (launchChromiumKiosk logged it), and a non-zero exit.
    const failure = startupFailure(error, resolveLanguage('system', Intl.DateTimeFormat().resolvedOptions().locale), join(dataDir, 'logs'));
    console.error(`${failure.title}\n\n${failure.message}`);
    // Not process.exit(): the log file is written asynchronously, and exiting now would lose the
    // very line that says why. Everything else is closed, so the process ends once it is written.
    process.exitCode = failure.exitCode;
  }
}

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'data-dir': { type: 'string' },
      profile: { type: 'string' },
      policy: { type: 'string' },
      headless: { type: 'boolean' },
      'status-port': { type: 'string' },
      diagnose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  return values;
}

async function run(values: ReturnType<typeof parseCommandLine>, dataDir: string): Promise<void> {
  const overrides: PartialSettings = {};
  if (values.url) overrides.general = { whatsappUrl: values.url };
  if (values.headless || values.profile) {
    overrides.chromium = { ...(values.headless ? { headless: true } : {}), ...(values.profile ? { profileDir: values.profile } : {}) };
  }
  if (values['status-port']) overrides.statusEndpoint = { enabled: true, port: Number(values['status-port']) };

  const policyPath = values.policy ?? policyFilePath(process.platform, process.env);
  const markersFile = `${root}resources/probe/markers.json`;
  if (values.diagnose) {
    const { report, text, files } = await runDiagnoseCommand({ dataDir, policyPath, markersFile, overrides });
    console.log(text);
    console.log(`report: ${files.json}\n        ${files.text}`);
    process.exit(report.overall === 'fail' ? EXIT_DIAGNOSIS_FAILED : 0);
  }
  const kiosk = await launchChromiumKiosk({
    dataDir,
    policyPath,
    rendererDir: `${root}dist/renderer`,
    markersFile,
    overrides,
    logToStderr: true,
  });
  console.log(`kiosk running (data in ${dataDir}); Ctrl+C to stop`);
  for (const problem of kiosk.config.problems) console.error(`config problem: ${problem.message}`);
  guardProcess(kiosk.log, (note) => guarded(kiosk.log, 're-check', () => kiosk.kiosk.recheck(note)));
  // The log file is written asynchronously: its last lines are waited for before exiting.
  const closeAll = () => kiosk.close().finally(() => drainLog(kiosk.log));
  const stop = () => guarded(kiosk.log, 'stopping', () => closeAll().finally(() => process.exit(0)));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A browser that died took WhatsApp and the failover pane with it: exit non-zero so that the
  // service manager (or IT's tooling) starts the kiosk again.
  await kiosk.browserGone;
  console.error('the browser went away; exiting so that the kiosk is started again');
  await closeAll().catch(() => undefined);
  process.exit(EXIT_BROWSER_GONE);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
