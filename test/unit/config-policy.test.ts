import { describe, expect, it } from 'vitest';
import { applyUserChange, resolveConfig, type PolicyMemory } from '../../main/core/config/policy.ts';
import { defaultSettings } from '../../main/core/config/schema.ts';
import { resolveLanguage } from '../../main/core/config/language.ts';
import { policyFilePath } from '../../main/core/config/policy-path.ts';

const policy = (value: unknown) => JSON.stringify(value);

describe('resolveConfig', () => {
  it('runs on complete defaults when there is no policy and no settings', () => {
    const config = resolveConfig({});
    expect(config.settings).toEqual(defaultSettings());
    expect(config.locked).toEqual([]);
    expect(config.problems).toEqual([]);
  });

  it('layers defaults < policy defaults < user settings < enforced policy', () => {
    const config = resolveConfig({
      policyText: policy({
        defaults: { general: { language: 'zh' }, failover: { graceMs: 5_000 } },
        enforced: { general: { whatsappUrl: 'http://127.0.0.1:3100/' }, statusEndpoint: { enabled: true } },
      }),
      settings: {
        general: { whatsappUrl: 'https://evil.example/', language: 'en' },
        statusEndpoint: { enabled: false, port: 9000 },
      },
    });
    expect(config.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
    expect(config.settings.general.language).toBe('en');
    expect(config.settings.failover.graceMs).toBe(5_000);
    expect(config.settings.statusEndpoint).toEqual({ enabled: true, port: 9000 });
    expect(config.locked.sort()).toEqual(['general.whatsappUrl', 'statusEndpoint.enabled']);
    expect(config.problems).toEqual([]);
  });

  it('reports a policy file that is not JSON and, with none remembered, runs on the other layers', () => {
    const config = resolveConfig({
      policyText: '{ "enforced": ',
      policyPath: '/etc/wa-continuity-kiosk/policy.json',
      settings: { general: { language: 'zh' } },
    });
    expect(config.problems.map((p) => p.source)).toEqual(['policy', 'policy']);
    expect(config.problems[0]?.message).toContain('/etc/wa-continuity-kiosk/policy.json is not valid JSON');
    expect(config.problems[1]?.message).toMatch(/no earlier policy is remembered/);
    expect(config.settings.general.language).toBe('zh');
    expect(config.locked).toEqual([]);
  });

  it('refuses a non-http WhatsApp address', () => {
    const config = resolveConfig({ settings: { general: { whatsappUrl: 'file:///etc/passwd' } } });
    expect(config.problems).toHaveLength(1);
    expect(config.settings.general.whatsappUrl).toBe('https://web.whatsapp.com/');
  });
});

describe('the policy fails closed', () => {
  const agent = {
    general: { whatsappUrl: 'https://evil.example/', extraAllowedOrigins: ['https://evil.example/'], language: 'en' },
    backups: { restoreAllowed: true },
    statusEndpoint: { enabled: false },
  };

  it('an unknown key anywhere is ignored with a warning, and every key the policy sets stays locked', () => {
    const config = resolveConfig({
      policyPath: 'policy.json',
      policyText: policy({
        version: 2,
        enforced: {
          general: { whatsappUrl: 'http://127.0.0.1:3100/', extraAllowedOrigins: [], whatsapUrl: 'typo' },
          backups: { restoreAllowed: false },
          statusEndpoint: { enabled: true },
          roster: { url: 'http://roster/' },
        },
        defaults: { failover: { graceMs: 5_000, graceSeconds: 5 } },
      }),
      settings: agent,
    });
    expect(config.settings.general).toEqual({ whatsappUrl: 'http://127.0.0.1:3100/', extraAllowedOrigins: [], language: 'en' });
    expect(config.settings.backups.restoreAllowed).toBe(false);
    expect(config.settings.statusEndpoint.enabled).toBe(true);
    expect(config.settings.failover.graceMs).toBe(5_000);
    expect(config.locked.sort()).toEqual([
      'backups.restoreAllowed',
      'general.extraAllowedOrigins',
      'general.whatsappUrl',
      'statusEndpoint.enabled',
    ]);
    expect(config.problems.map((p) => p.message)).toEqual([
      'policy.json has an unknown key version; ignored',
      'policy.json has an unknown key enforced.general.whatsapUrl; ignored',
      'policy.json has an unknown section enforced.roster; ignored',
      'policy.json has an unknown key defaults.failover.graceSeconds; ignored',
    ]);
  });

  it('a bad enforced value is dropped but its key stays locked at the policy default, else the built-in one', () => {
    const config = resolveConfig({
      policyPath: 'policy.json',
      policyText: policy({
        enforced: {
          general: { whatsappUrl: 42, extraAllowedOrigins: ['file:///x'] },
          backups: { restoreAllowed: 'no' },
          statusEndpoint: { enabled: true },
        },
        defaults: { general: { whatsappUrl: 'http://127.0.0.1:3100/' } },
      }),
      settings: agent,
    });
    // Never the agent's values: the policy default where it has a valid one, else ours.
    expect(config.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
    expect(config.settings.general.extraAllowedOrigins).toEqual([]);
    expect(config.settings.backups.restoreAllowed).toBe(true);
    expect(config.settings.statusEndpoint.enabled).toBe(true);
    expect(config.settings.general.language).toBe('en');
    expect(config.locked.sort()).toEqual([
      'backups.restoreAllowed',
      'general.extraAllowedOrigins',
      'general.whatsappUrl',
      'statusEndpoint.enabled',
    ]);
    const messages = config.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/policy\.json is invalid: enforced\.general\.whatsappUrl: .*; the key stays locked at its default/);
    expect(messages).toMatch(/enforced\.general\.extraAllowedOrigins\.0: /);
    expect(messages).toMatch(/enforced\.backups\.restoreAllowed: /);
    expect(config.problems).toHaveLength(3);
  });

  it('an enforced section that is not an object locks all its keys at their defaults', () => {
    const config = resolveConfig({ policyText: policy({ enforced: { general: 'locked' } }), settings: agent });
    expect(config.settings.general).toEqual(defaultSettings().general);
    expect(config.locked.sort()).toEqual(['general.extraAllowedOrigins', 'general.language', 'general.whatsappUrl']);
    expect(config.problems[0]?.message).toMatch(/enforced\.general: expected an object; the key stays locked/);
  });

  it('a bad policy default is dropped alone', () => {
    const config = resolveConfig({
      policyText: policy({ defaults: { failover: { graceMs: -1, typingHoldMs: 1_000 } } }),
    });
    expect(config.settings.failover.graceMs).toBe(defaultSettings().failover.graceMs);
    expect(config.settings.failover.typingHoldMs).toBe(1_000);
    expect(config.locked).toEqual([]);
    expect(config.problems).toHaveLength(1);
  });

  it('keys named like object internals are unknown keys, not settings', () => {
    const config = resolveConfig({
      policyText: '{"enforced":{"__proto__":{"x":1},"general":{"constructor":1,"toString":2}},"constructor":{}}',
    });
    expect(config.locked).toEqual([]);
    expect(config.settings).toEqual(defaultSettings());
    expect(config.problems).toHaveLength(4);
    expect(config.problems.every((p) => /unknown/.test(p.message))).toBe(true);
  });
});

describe('the remembered policy', () => {
  function memory(initial: string | null = null) {
    const box = { text: initial, writes: 0 };
    const port: PolicyMemory = {
      read: () => box.text,
      write(text) {
        box.text = text;
        box.writes += 1;
      },
    };
    return { box, port };
  }
  const good = policy({ enforced: { general: { whatsappUrl: 'http://127.0.0.1:3100/' }, backups: { restoreAllowed: false } } });
  const agent = { general: { whatsappUrl: 'https://evil.example/' }, backups: { restoreAllowed: true } };

  it('a policy that can be read is remembered', () => {
    const { box, port } = memory();
    resolveConfig({ policyText: good, memory: port });
    expect(box.text).toBe(good);
  });

  it('an unparseable policy keeps the remembered one in force, locks included', () => {
    const { box, port } = memory(good);
    for (const broken of ['{ "enforced": ', '[]', 'null', '{"enforced": 3}', '{"defaults": []}']) {
      const config = resolveConfig({ policyText: broken, policyPath: 'policy.json', settings: agent, memory: port });
      expect(config.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
      expect(config.settings.backups.restoreAllowed).toBe(false);
      expect(config.locked.sort()).toEqual(['backups.restoreAllowed', 'general.whatsappUrl']);
      expect(config.problems.map((p) => p.message)).toContain('running on the last policy that could be read');
      // What is remembered is the last good policy, not the broken one.
      expect(box.text).toBe(good);
    }
  });

  it('an unreadable policy file keeps the remembered one in force', () => {
    const { port } = memory(good);
    const config = resolveConfig({ policyError: 'cannot read policy.json: EACCES', settings: agent, memory: port });
    expect(config.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
    expect(config.locked.sort()).toEqual(['backups.restoreAllowed', 'general.whatsappUrl']);
    expect(config.problems[0]?.message).toBe('cannot read policy.json: EACCES');
  });

  it('a policy IT removed is remembered as none', () => {
    const { box, port } = memory(good);
    expect(resolveConfig({ memory: port, settings: agent }).locked).toEqual([]);
    const config = resolveConfig({ policyText: 'garbage', memory: port, settings: agent });
    expect(config.locked).toEqual([]);
    expect(config.settings.general.whatsappUrl).toBe('https://evil.example/');
    expect(box.text).toBe('{}');
  });

  it('a memory that fails is reported and the policy on disk still applies', () => {
    const failing: PolicyMemory = {
      read: () => {
        throw new Error('database is locked');
      },
      write: () => {
        throw new Error('database is locked');
      },
    };
    const config = resolveConfig({ policyText: good, memory: failing, settings: agent });
    expect(config.settings.general.whatsappUrl).toBe('http://127.0.0.1:3100/');
    expect(config.problems.map((p) => p.message)).toEqual(['the policy cannot be remembered: database is locked']);
    const broken = resolveConfig({ policyText: '{', memory: failing, settings: agent });
    expect(broken.locked).toEqual([]);
    expect(broken.problems.map((p) => p.message).join('\n')).toMatch(/remembered policy cannot be read: database is locked/);
  });
});

describe("the agent's settings", () => {
  it('ignore an unknown key with a warning and drop a bad value, keeping the rest', () => {
    const config = resolveConfig({
      settings: { general: { whatsapUrl: 'http://x/', language: 'zh' }, failover: { graceMs: -5, typingHoldMs: 2_000 }, extra: {} },
    });
    expect(config.settings.general.language).toBe('zh');
    expect(config.settings.failover.graceMs).toBe(defaultSettings().failover.graceMs);
    expect(config.settings.failover.typingHoldMs).toBe(2_000);
    expect(config.problems.map((p) => p.source)).toEqual(['settings', 'settings', 'settings']);
    const messages = config.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/unknown key general\.whatsapUrl[\s\S]*failover\.graceMs[\s\S]*unknown section extra/);
  });

  it('never lock anything and never unlock a key', () => {
    const config = resolveConfig({
      policyText: policy({ enforced: { kiosk: { fullscreen: true } } }),
      settings: { kiosk: { fullscreen: false, seatId: 'desk-7' } },
    });
    expect(config.settings.kiosk).toEqual({ fullscreen: true, seatId: 'desk-7' });
    expect(config.locked).toEqual(['kiosk.fullscreen']);
  });

  it('that are not an object are dropped whole', () => {
    const config = resolveConfig({ settings: 'general.language=zh' });
    expect(config.settings).toEqual(defaultSettings());
    expect(config.problems).toEqual([{ source: 'settings', message: 'settings is invalid: expected an object; ignored' }]);
  });
});

describe('applyUserChange', () => {
  it('refuses to change a key locked by policy and changes nothing', () => {
    const current = { general: { language: 'en' as const } };
    const result = applyUserChange(current, { general: { whatsappUrl: 'http://x/' } }, ['general.whatsappUrl']);
    expect(result).toEqual({ ok: false, error: 'locked by IT policy: general.whatsappUrl' });
  });

  it('merges a valid change into the user layer', () => {
    const result = applyUserChange({ general: { language: 'en' } }, { failover: { graceMs: 1000 } }, []);
    expect(result).toEqual({ ok: true, settings: { general: { language: 'en' }, failover: { graceMs: 1000 } } });
  });

  it('reports an invalid change', () => {
    const result = applyUserChange({}, { failover: { graceMs: -1 } }, []);
    expect(result.ok).toBe(false);
  });
});

describe('language and paths', () => {
  it('maps any Chinese system locale to Chinese and the rest to English', () => {
    expect(resolveLanguage('system', 'zh-CN')).toBe('zh');
    expect(resolveLanguage('system', 'zh-Hant-TW')).toBe('zh');
    expect(resolveLanguage('system', 'es-ES')).toBe('en');
    expect(resolveLanguage('zh', 'en-US')).toBe('zh');
  });

  it('puts the policy file in a machine-wide folder per OS', () => {
    expect(policyFilePath('linux', {})).toBe('/etc/wa-continuity-kiosk/policy.json');
    expect(policyFilePath('win32', { ProgramData: 'D:\\PD' })).toMatch(/^D:\\PD.WaContinuityKiosk.policy\.json$/);
    expect(policyFilePath('darwin', {})).toBe('/Library/Application Support/WaContinuityKiosk/policy.json');
  });
});
