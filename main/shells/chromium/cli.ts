import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { policyFilePath } from '../../core/config/policy-path.ts';
import { userDataDir } from '../../core/config/paths.ts';
import type { PartialSettings } from '../../core/config/schema.ts';
import { guarded } from '../../core/runtime/guarded.ts';
import { guardProcess } from '../../core/runtime/process-guards.ts';
import { launchChromiumKiosk } from './chromium-kiosk.ts';
import { runDiagnoseCommand } from './diagnose-command.ts';

/** Distinct from a start-up failure (1), so a service manager's log tells them apart. */
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
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const overrides: PartialSettings = {};
  if (values.url) overrides.general = { whatsappUrl: values.url };
  if (values.headless || values.profile) {
    overrides.chromium = { ...(values.headless ? { headless: true } : {}), ...(values.profile ? { profileDir: values.profile } : {}) };
  }
  if (values['status-port']) overrides.statusEndpoint = { enabled: true, port: Number(values['status-port']) };

  const dataDir = values['data-dir'] ?? userDataDir(process.platform, process.env, homedir());
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
  const stop = () => guarded(kiosk.log, 'stopping', () => kiosk.close().finally(() => process.exit(0)));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A browser that died took WhatsApp and the failover pane with it: exit non-zero so that the
  // service manager (or IT's tooling) starts the kiosk again.
  await kiosk.browserGone;
  console.error('the browser went away; exiting so that the kiosk is started again');
  await kiosk.close().catch(() => undefined);
  process.exit(EXIT_BROWSER_GONE);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  console.error(USAGE);
  process.exit(1);
});
