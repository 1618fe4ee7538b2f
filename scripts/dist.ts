// `npm run dist [-- --win|--mac|--linux]`: installers with electron-builder (electron-builder.yml),
// signed from the environment. Refuses to start a release build that could not be signed
// (scripts/lib/signing-rule.ts); KIOSK_UNSIGNED_OK=1 makes an unsigned local test build.
import { spawnSync } from 'node:child_process';
import { hostPlatform, signingDecision, type DistPlatform } from './lib/signing-rule.ts';

const FLAGS: Readonly<Record<string, DistPlatform>> = { '--win': 'win', '--mac': 'mac', '--linux': 'linux' };

const args = process.argv.slice(2);
const asked = args.filter((arg) => arg in FLAGS).map((arg) => FLAGS[arg] as DistPlatform);
const platforms = asked.length > 0 ? asked : [hostPlatform(process.platform)];
const builderArgs: string[] = [];
for (const platform of platforms) {
  const decision = signingDecision(platform, process.env);
  if (decision.action === 'refuse') {
    console.error(`refusing to build unsigned ${platform} installers for a release; missing: ${decision.missing.join('; ')}.`);
    console.error('Set the signing variables (see README, "Building installers"), or KIOSK_UNSIGNED_OK=1 for a local test build.');
    process.exit(1);
  }
  if (decision.action === 'unsigned-test-build')
    console.warn(`KIOSK_UNSIGNED_OK=1: ${platform} installers are NOT signed (test build only).`);
  builderArgs.push(...decision.builderArgs);
}

const run = (command: string, commandArgs: string[]): void => {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run('npm', ['run', 'build']);
run('npx', [
  'electron-builder',
  '--config',
  'electron-builder.yml',
  ...platforms.map((platform) => `--${platform}`),
  ...args.filter((arg) => !(arg in FLAGS)),
  ...new Set(builderArgs),
]);
