import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, buildBinary } from 'plist';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../main/core/config/load-config.ts';
import type { PolicyMemory } from '../../main/core/config/policy.ts';
import type { PolicySource } from '../../main/core/config/policy-sources/document.ts';
import { plistPolicySource } from '../../main/core/config/policy-sources/plist.ts';
import {
  parseRegExport,
  registryPolicySource,
  type RegistryHive,
  type RegistryValue,
} from '../../main/core/config/policy-sources/registry.ts';
import { BUNDLE_ID, osPolicySources } from '../../main/core/config/policy-sources/sources.ts';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'policy');
const fixture = (name: string) => join(fixtures, name);
const scratch = mkdtempSync(join(tmpdir(), 'policy-sources-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const noFile = join(scratch, 'no-policy.json');

/**
 * A hive as `reg export` wrote it, read by the same source the live registry feeds (only the
 * Win32 calls are replaced by the export's text): export -> values -> entries -> schema.
 */
function exportedHive(file: string): (hive: RegistryHive, path: string) => RegistryValue[] | null {
  const values = parseRegExport(readFileSync(fixture(file)));
  return (hive, path) => {
    const root = `${hive}\\${path}`.toLowerCase();
    const mine = values.filter((value) => value.key.toLowerCase().startsWith(root));
    return mine.length > 0 ? mine : null;
  };
}

const hklm = () => registryPolicySource('HKEY_LOCAL_MACHINE', exportedHive('hklm.reg'));
const hkcu = () => registryPolicySource('HKEY_CURRENT_USER', exportedHive('hkcu.reg'));

function load(policyPath: string, osSources: PolicySource[], settings: unknown = {}, memory?: PolicyMemory) {
  return loadConfig(policyPath, settings, memory, osSources);
}

const SOURCES: { name: string; policyPath: string; osSources: () => PolicySource[]; origins: string[] }[] = [
  { name: 'the JSON file', policyPath: fixture('policy.json'), osSources: () => [], origins: ['https://media.example.com/'] },
  {
    name: 'the registry (reg export of HKLM)',
    policyPath: noFile,
    osSources: () => [hklm()],
    origins: ['https://media.example.com/', 'https://help.example.com/'],
  },
  {
    name: 'managed preferences (plist)',
    policyPath: noFile,
    osSources: () => [plistPolicySource(fixture('managed-preferences.plist'))],
    origins: ['https://media.example.com/'],
  },
];

const agent = {
  general: { whatsappUrl: 'https://evil.example/', extraAllowedOrigins: ['https://evil.example/'], language: 'en' },
  backups: { restoreAllowed: true },
  statusEndpoint: { enabled: false, port: 9000 },
  failover: { graceMs: 5_000, rtoMinutes: 60 },
  kiosk: { seatId: 'agent-seat' },
};

describe.each(SOURCES)('policy from $name', ({ policyPath, osSources, origins }) => {
  it('locks what it enforces: the policy wins over the agent', () => {
    const config = load(policyPath, osSources(), agent);
    expect(config.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
    expect(config.settings.general.extraAllowedOrigins).toEqual(origins);
    expect(config.settings.backups.restoreAllowed).toBe(false);
    expect(config.settings.statusEndpoint).toEqual({ enabled: true, port: 9000 });
    expect(config.settings.failover.rtoMinutes).toBe(7.5);
    expect(config.settings.kiosk.seatId).toBe('前台-01');
    expect(config.settings.backups.dir).toBe('D:\\Kiosk "backups"');
    expect([...config.locked].sort()).toEqual([
      'backups.dir',
      'backups.restoreAllowed',
      'failover.rtoMinutes',
      'general.extraAllowedOrigins',
      'general.whatsappUrl',
      'kiosk.seatId',
      'statusEndpoint.enabled',
    ]);
  });

  it('recommends what it defaults: the agent wins over a recommended value, which wins over the built-in one', () => {
    const chosen = load(policyPath, osSources(), agent);
    expect(chosen.settings.general.language).toBe('en');
    expect(chosen.settings.failover.graceMs).toBe(5_000);
    const untouched = load(policyPath, osSources(), {});
    expect(untouched.settings.general.language).toBe('zh');
    expect(untouched.settings.failover.graceMs).toBe(20_000);
    expect(untouched.locked).not.toContain('general.language');
  });

  it('ignores a key it does not know, with a warning, and applies the rest', () => {
    const config = load(policyPath, osSources(), {});
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0]).toEqual({
      source: 'policy',
      message: expect.stringMatching(/unknown key enforced\.general\.futureKey; ignored/),
    });
    expect(config.settings.general).not.toHaveProperty('futureKey');
    expect(config.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
  });
});

describe('the Windows registry', () => {
  it('reads a reg export as reg.exe writes it: UTF-16 with CRLF, wrapped hex, escaped quotes, any case', () => {
    const bytes = readFileSync(fixture('hklm.reg'));
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const values = parseRegExport(bytes);
    const byName = new Map(values.map((value) => [value.name, value]));
    expect(byName.get('extraAllowedOrigins')).toEqual({
      key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\WaContinuityKiosk\\general',
      name: 'extraAllowedOrigins',
      type: 'REG_MULTI_SZ',
      data: ['https://media.example.com/', 'https://help.example.com/'],
    });
    expect(byName.get('seatId')?.data).toBe('前台-01');
    expect(byName.get('dir')?.data).toBe('D:\\Kiosk "backups"');
    expect(byName.get('Enabled')).toMatchObject({ type: 'REG_DWORD', data: 1 });
    expect(byName.get('graceMs')).toMatchObject({ key: expect.stringMatching(/\\Recommended\\failover$/), data: 20_000 });
  });

  it('takes the machine (HKLM) over the user (HKCU), and keeps a bad enforced value locked at its default', () => {
    const config = load(noFile, [hklm(), hkcu()], { health: { probeIntervalMs: 500 } });
    expect(config.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
    expect(config.settings.kiosk.fullscreen).toBe(true);
    expect(config.settings.health.probeIntervalMs).toBe(2_000);
    expect(config.locked).toEqual(expect.arrayContaining(['kiosk.fullscreen', 'health.probeIntervalMs']));
    expect(config.problems.map((problem) => problem.message)).toContainEqual(
      expect.stringMatching(/enforced\.health\.probeIntervalMs: .*; the key stays locked at its default/),
    );
  });

  it('gives a DWORD to a boolean only as 0 or 1, and refuses a string where a number belongs', () => {
    const values: RegistryValue[] = [
      { key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\WaContinuityKiosk\\kiosk', name: 'fullscreen', type: 'REG_DWORD', data: 2 },
      { key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\WaContinuityKiosk\\failover', name: 'graceMs', type: 'REG_SZ', data: 'soon' },
      { key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\WaContinuityKiosk', name: 'stray', type: 'REG_SZ', data: 'x' },
    ];
    const config = load(noFile, [registryPolicySource('HKEY_LOCAL_MACHINE', () => values)], { kiosk: { fullscreen: true } });
    expect(config.settings.kiosk.fullscreen).toBe(false);
    expect(config.settings.failover.graceMs).toBe(20_000);
    const messages = config.problems.map((problem) => problem.message).join('\n');
    expect(messages).toMatch(/enforced\.kiosk\.fullscreen: .*expected boolean/);
    expect(messages).toMatch(/enforced\.failover\.graceMs: .*expected number/);
    expect(messages).toMatch(/WaContinuityKiosk\\stray is not a policy setting; ignored/);
  });

  it('keeps the last policy it could read when a hive cannot be read', () => {
    let remembered: string | null = null;
    const memory: PolicyMemory = { read: () => remembered, write: (text) => void (remembered = text) };
    expect(load(noFile, [hklm()], agent, memory).settings.backups.restoreAllowed).toBe(false);
    const failing = registryPolicySource('HKEY_LOCAL_MACHINE', () => {
      throw new Error('access denied');
    });
    const config = load(noFile, [failing], agent, memory);
    expect(config.settings.backups.restoreAllowed).toBe(false);
    expect(config.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
    expect(config.problems.map((problem) => problem.message).join('\n')).toMatch(
      /cannot read HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\WaContinuityKiosk: access denied[\s\S]*last policy that could be read/,
    );
  });

  it('refuses a file that is not a registry export', () => {
    expect(() => parseRegExport(Buffer.from('{"enforced":{}}'))).toThrow(/not a registry export/);
  });
});

describe('macOS managed preferences', () => {
  it('reads the binary property list macOS writes the same as the XML one', () => {
    const binary = join(scratch, `${BUNDLE_ID}.plist`);
    writeFileSync(binary, buildBinary(parse(readFileSync(fixture('managed-preferences.plist'), 'utf8'))));
    const fromBinary = load(noFile, [plistPolicySource(binary)], agent);
    const fromXml = load(noFile, [plistPolicySource(fixture('managed-preferences.plist'))], agent);
    expect(fromBinary.settings).toEqual(fromXml.settings);
    expect(fromBinary.locked).toEqual(fromXml.locked);
  });

  it("takes the machine's preferences over the user's, and the OS's over the JSON file", () => {
    const config = load(fixture('policy.json'), [
      plistPolicySource(fixture('managed-preferences.plist')),
      plistPolicySource(fixture('user-managed-preferences.plist')),
    ]);
    expect(config.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
    expect(config.settings.kiosk.fullscreen).toBe(true);
    expect(config.locked).toContain('kiosk.fullscreen');

    const file = join(scratch, 'policy.json');
    writeFileSync(
      file,
      JSON.stringify({ enforced: { general: { whatsappUrl: 'https://file.example/' }, kiosk: { seatId: 'from-file' } } }),
    );
    const overFile = load(file, [plistPolicySource(fixture('user-managed-preferences.plist'))]);
    expect(overFile.settings.general.whatsappUrl).toBe('https://user-profile.example/');
    expect(overFile.settings.kiosk.seatId).toBe('from-file');
  });

  it('reports a property list that cannot be parsed and runs on what is remembered', () => {
    const broken = join(scratch, 'broken.plist');
    writeFileSync(broken, '<plist><dict><key>enforced</key>');
    const config = load(noFile, [plistPolicySource(broken)]);
    expect(config.problems.map((problem) => problem.message).join('\n')).toMatch(/broken\.plist is not a valid property list/);
    expect(config.locked).toEqual([]);
  });

  it("files them under electron-builder's appId", () => {
    const builder = readFileSync(join(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8');
    expect(/^appId:\s*(\S+)/m.exec(builder)?.[1]).toBe(BUNDLE_ID);
  });
});

describe('osPolicySources', () => {
  it('reads Group Policy on Windows, managed preferences on macOS, and only the file on Linux, strongest first', () => {
    expect(osPolicySources('win32', 'agent').map((source) => source.name)).toEqual([
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\WaContinuityKiosk',
      'HKEY_CURRENT_USER\\SOFTWARE\\Policies\\WaContinuityKiosk',
    ]);
    expect(osPolicySources('darwin', 'agent').map((source) => source.name)).toEqual([
      `/Library/Managed Preferences/${BUNDLE_ID}.plist`,
      `/Library/Managed Preferences/agent/${BUNDLE_ID}.plist`,
    ]);
    expect(osPolicySources('linux', 'agent')).toEqual([]);
  });
});
