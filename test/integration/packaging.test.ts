import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packedModules } from '../../scripts/lib/packed-modules.ts';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

type Config = Record<string, unknown> & {
  files: unknown;
  electronFuses: Record<string, boolean>;
  win: { target: string[] };
  nsis: Record<string, unknown>;
  msi: Record<string, unknown>;
  mac: Record<string, unknown> & { target: string[]; extendInfo: Record<string, string> };
  linux: Record<string, unknown> & { target: string[] };
};

/** electron-builder.yml as electron-builder itself loads it (its own loader, merges and defaults). */
async function loadConfig(): Promise<Config> {
  const { getConfig } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Config>;
  };
  return getConfig(root, join(root, 'electron-builder.yml'), null);
}

/** electron-builder's own configuration validation (its JSON schema and deprecation checks). */
async function validate(config: unknown): Promise<void> {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(config: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
}

let config: Config;
beforeAll(async () => {
  config = await loadConfig();
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration validation, which does reject a broken one", async () => {
    await validate(structuredClone(config));
    await expect(validate({ ...structuredClone(config), electronFuses: { runAsNode: 'no' } })).rejects.toThrow(/runAsNode/);
    await expect(validate({ ...structuredClone(config), nsis: { perMachine: true, notAnOption: 1 } })).rejects.toThrow(
      /configuration\.nsis/,
    );
  });

  it('builds NSIS (per machine) and MSI for Windows, dmg and zip for macOS, deb and AppImage for Linux', () => {
    expect(config.win.target).toEqual(['nsis', 'msi']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true });
    expect(config.msi).toMatchObject({ perMachine: true });
    expect(config.msi.upgradeCode).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    // deb first: it installs the AppArmor profile Chromium's sandbox needs on Ubuntu 23.10+.
    expect(config.linux.target).toEqual(['deb', 'AppImage']);
  });

  it('never turns the sandbox off', () => {
    const settings = readFileSync(join(root, 'electron-builder.yml'), 'utf8').replace(/#.*$/gm, '');
    expect(settings).not.toMatch(/no-sandbox|executableArgs|disable-setuid-sandbox/);
    expect(config.linux.executableArgs).toBeUndefined();
    // electron-builder's own deb dependencies stay (libsecret-1-0 keeps the cookie key in the keyring).
    expect((config as { deb?: { depends?: unknown } }).deb?.depends).toBeUndefined();
  });

  it('sets the fuses: no RunAsNode, NODE_OPTIONS or --inspect; cookies encrypted; asar integrity checked; app only from the asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('is turned by electron-builder into exactly these @electron/fuses wires', async () => {
    const { PlatformPackager } = require('app-builder-lib') as {
      PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
    };
    const { FuseV1Options, FuseVersion } = require('@electron/fuses') as {
      FuseV1Options: Record<string, number>;
      FuseVersion: Record<string, string>;
    };
    const wires = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
    expect(wires).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: undefined,
      [FuseV1Options.RunAsNode as number]: false,
      [FuseV1Options.EnableCookieEncryption as number]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable as number]: false,
      [FuseV1Options.EnableNodeCliInspectArguments as number]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation as number]: true,
      [FuseV1Options.OnlyLoadAppFromAsar as number]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot as number]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges as number]: false,
    });
  });

  it("packs our bundles, our pages and the hub's dashboard (served by a kiosk with hub.serveEnabled)", () => {
    // electron-builder's loader turns the list into one pattern set.
    const patterns = (config.files as { filter: string[] }[]).flatMap((set) => set.filter);
    expect(patterns).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'dist/hub/**']));
  });

  it('packs into an asar (native modules unpacked) and never rebuilds or downloads native modules', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config).toMatchObject({ npmRebuild: false, nodeGypRebuild: false, buildDependenciesFromSource: false });
  });

  it('signs only from the environment and fails a build it could not sign', () => {
    expect(config.forceCodeSigning).toBe(true);
    const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    // No secret or identity in the repository: no certificate link, password, identity or Apple ID.
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificateFile|certificatePassword|identity|appleId|password)\s*:/im);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
  });

  it('asks macOS for the microphone and camera that WhatsApp is granted, with entitlements and usage texts', () => {
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit] as string[]) {
      const plist = readFileSync(join(root, file), 'utf8');
      expect(plist).toContain('<key>com.apple.security.device.audio-input</key>');
      expect(plist).toContain('<key>com.apple.security.device.camera</key>');
      expect(plist).not.toContain('disable-library-validation');
    }
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/microphone/);
    expect(config.mac.extendInfo.NSCameraUsageDescription).toMatch(/camera/);
  });
});

describe('better-sqlite3 ships as its Node-API prebuild', () => {
  const dir = join(root, 'node_modules', 'better-sqlite3');

  it('has a prebuild for every installer target, each a Node-API module (ABI-stable: no rebuild for Electron)', () => {
    for (const target of ['linux-x64', 'linux-arm64', 'win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64']) {
      const binary = readFileSync(join(dir, 'prebuilds', `${target}.node`));
      // Node-API modules export napi_register_module_v1; ABI-specific ones would export node_register_module_v<ABI>.
      expect(binary.includes('napi_register_module_v1'), target).toBe(true);
      expect(binary.includes('node_register_module_v'), target).toBe(false);
    }
  });

  it('runs no install script, so nothing compiles or downloads when the app is installed or packed', () => {
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; gypfile?: boolean };
    expect(meta.scripts?.install).toBeUndefined();
    expect(meta.gypfile).toBe(false);
  });
});

describe('what the packed app contains', () => {
  let modules: Map<string, string>;
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build-electron.ts')], { cwd: root, stdio: 'pipe' });
  });
  beforeAll(async () => {
    modules = await packedModules(root, pkg.name);
  });

  /** The packages a bundle loads at run time: esbuild leaves npm packages as top-level imports (ESM) or requires (CJS). */
  function bareImports(file: string): string[] {
    const code = readFileSync(join(root, 'dist', 'electron', file), 'utf8');
    const specifiers = [
      ...[...code.matchAll(/^import\s(?:[^'"]*?\sfrom\s*)?["']([^"']+)["'];?$/gm)].map((match) => match[1] as string),
      ...[...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1] as string),
    ];
    const packageOf = (specifier: string) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
    return [...new Set(specifiers.filter((s) => !s.startsWith('.') && !s.startsWith('node:')).map(packageOf))].sort();
  }

  it('packs none of the development-only packages: the Chromium shell, the simulator, the renderer build, the tests', () => {
    for (const devOnly of [
      'playwright-core',
      'react',
      'react-dom',
      'i18next',
      'react-i18next',
      'vite',
      'vitest',
      'electron',
      'esbuild',
      'typescript',
    ]) {
      expect(modules.has(devOnly), devOnly).toBe(false);
    }
    // A devDependency that a runtime package also needs (@xmldom/xmldom under plist) is packed
    // for that package: the lockfile marks what only development needs.
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    for (const devDependency of Object.keys(pkg.devDependencies)) {
      if (lock.packages[`node_modules/${devDependency}`]?.dev === true) expect(modules.has(devDependency), devDependency).toBe(false);
    }
  });

  it('packs every package the main process, the import worker and their chunks load, and declares each as a dependency', () => {
    // Chunks: code shared by both, and what is loaded with import() only when used (the hub a kiosk serves).
    const bundles = readdirSync(join(root, 'dist', 'electron')).filter((file) => file.endsWith('.mjs'));
    expect(bundles).toEqual(expect.arrayContaining(['main.mjs', 'contacts-import-worker.mjs']));
    const needed = [...new Set(bundles.flatMap(bareImports))].filter((name) => name !== 'electron');
    expect(needed).toContain('better-sqlite3');
    // The hub's server packages are loaded by its own chunk, not by the main process at start.
    expect(bareImports('main.mjs')).not.toContain('@node-rs/argon2');
    for (const name of needed) {
      expect(modules.has(name), name).toBe(true);
      expect(Object.keys(pkg.dependencies), name).toContain(name);
    }
    // Nothing declared that the app does not load (it would be packed for nothing).
    expect(Object.keys(pkg.dependencies).sort()).toEqual(needed.sort());
  });

  it('bundles each sandboxed preload into one file that requires only electron', () => {
    for (const preload of ['ui-preload.cjs', 'whatsapp-preload.cjs']) {
      expect(bareImports(preload), preload).toEqual(['electron']);
      const code = readFileSync(join(root, 'dist', 'electron', preload), 'utf8');
      expect([...code.matchAll(/\brequire\(\s*["']([^"']+)["']/g)].map((match) => match[1])).toEqual(['electron']);
    }
  });
});
