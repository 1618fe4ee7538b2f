// `npm run demo`: the kiosk on the WhatsApp Web simulator, with the simulator's fault panel in a
// tab of its own, so agents can rehearse failover (and IT can show it) without the real WhatsApp.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromiumKiosk } from '../main/shells/chromium/chromium-kiosk.ts';
import { startSimulator } from '../test/simulator/index.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: {
    lang: { type: 'string', default: 'en' },
    headless: { type: 'boolean', default: false },
    'status-port': { type: 'string' },
  },
});
const lang = values.lang === 'zh' ? 'zh' : 'en';

const sim = await startSimulator({ lang, port: 3100 });
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-demo-'));
const kiosk = await launchChromiumKiosk({
  dataDir,
  policyPath: join(dataDir, 'no-policy.json'),
  rendererDir: join(root, 'dist', 'renderer'),
  markersFile: join(root, 'resources', 'probe', 'markers.json'),
  systemLocale: lang === 'zh' ? 'zh-CN' : 'en-US',
  logToStderr: false,
  overrides: {
    general: { whatsappUrl: sim.url },
    chromium: { headless: values.headless },
    // Rehearsal timings: a failover within seconds, not the production grace period.
    health: { independentProbeUrl: sim.independentUrl, networkProbeIntervalMs: 3_000, healthyStableMs: 5_000 },
    failover: { graceMs: 8_000 },
    ...(values['status-port'] ? { statusEndpoint: { enabled: true, port: Number(values['status-port']) } } : {}),
  },
});
const panel = await kiosk.context.newPage();
await panel.goto(sim.panelUrl);

console.log('Kiosk demo running');
console.log(`  WhatsApp Web simulator: ${sim.url}`);
console.log(`  Fault panel:            ${sim.panelUrl}  (scan the QR there, then inject faults)`);
if (kiosk.kiosk.statusUrl) console.log(`  Status endpoint:        ${kiosk.kiosk.statusUrl}`);
console.log(`  Data (thrown away):     ${dataDir}`);
console.log('Ctrl+C to stop');

const stop = async () => {
  await kiosk.close();
  await sim.close();
  process.exit(0);
};
const stopOnce = () => {
  stop().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
};
process.once('SIGINT', stopOnce);
process.once('SIGTERM', stopOnce);
