/** Platforms electron-builder builds installers for, by its own command-line names. */
export type DistPlatform = 'win' | 'mac' | 'linux';

export interface SigningDecision {
  /** Build a release (signed where the platform is signed), build unsigned on purpose (a local test build), or refuse. */
  action: 'release' | 'unsigned-test-build' | 'refuse';
  /** What is missing, for the refusal's message (names of environment variables only). */
  missing: string[];
  /** Extra electron-builder arguments the decision needs. */
  builderArgs: string[];
}

const has = (env: NodeJS.ProcessEnv, name: string): boolean => (env[name] ?? '').trim() !== '';
const anyOf = (env: NodeJS.ProcessEnv, names: readonly string[]): boolean => names.some((name) => has(env, name));
const allOf = (env: NodeJS.ProcessEnv, names: readonly string[]): boolean => names.every((name) => has(env, name));

/** Notarization credentials @electron/notarize accepts, any one complete set. */
const NOTARIZE_SETS: readonly (readonly string[])[] = [
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE'],
];

/** What signing a platform's installers needs from the environment, as electron-builder reads it. */
export function missingSigningCredentials(platform: DistPlatform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'linux') return []; // deb and AppImage are not code-signed by electron-builder
  if (platform === 'win') {
    const missing: string[] = [];
    if (!anyOf(env, ['WIN_CSC_LINK', 'CSC_LINK'])) missing.push('WIN_CSC_LINK or CSC_LINK');
    if (!anyOf(env, ['WIN_CSC_KEY_PASSWORD', 'CSC_KEY_PASSWORD'])) missing.push('WIN_CSC_KEY_PASSWORD or CSC_KEY_PASSWORD');
    return missing;
  }
  const missing: string[] = [];
  // A certificate file with its password, or an identity already in the build machine's keychain.
  if (!(allOf(env, ['CSC_LINK', 'CSC_KEY_PASSWORD']) || has(env, 'CSC_NAME'))) missing.push('CSC_LINK and CSC_KEY_PASSWORD (or CSC_NAME)');
  if (!NOTARIZE_SETS.some((set) => allOf(env, set))) missing.push(NOTARIZE_SETS.map((set) => set.join(' + ')).join(', or '));
  return missing;
}

/**
 * A release build without signing credentials is refused: it would produce an installer IT
 * cannot deploy (SmartScreen, Gatekeeper) or, worse, one that looks like a release. Local test
 * builds opt out explicitly with KIOSK_UNSIGNED_OK=1, and then electron-builder is told not to
 * sign, not to notarize and not to insist (forceCodeSigning off).
 */
export function signingDecision(platform: DistPlatform, env: NodeJS.ProcessEnv): SigningDecision {
  const missing = missingSigningCredentials(platform, env);
  if (missing.length === 0) return { action: 'release', missing, builderArgs: [] };
  if (env.KIOSK_UNSIGNED_OK === '1') {
    const builderArgs = ['-c.forceCodeSigning=false'];
    if (platform === 'mac') builderArgs.push('-c.mac.identity=null', '-c.mac.notarize=false');
    return { action: 'unsigned-test-build', missing, builderArgs };
  }
  return { action: 'refuse', missing, builderArgs: [] };
}

/** The platform electron-builder builds for by default: this machine's. */
export function hostPlatform(platform: NodeJS.Platform): DistPlatform {
  if (platform === 'win32') return 'win';
  if (platform === 'darwin') return 'mac';
  return 'linux';
}
