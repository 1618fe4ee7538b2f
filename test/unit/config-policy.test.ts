import { describe, expect, it } from 'vitest';
import { applyUserChange, resolveConfig } from '../../main/core/config/policy.ts';
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

  it('reports a policy file that is not JSON and runs on the remaining layers', () => {
    const config = resolveConfig({
      policyText: '{ "enforced": ',
      policyPath: '/etc/wa-continuity-kiosk/policy.json',
      settings: { general: { language: 'zh' } },
    });
    expect(config.problems).toHaveLength(1);
    expect(config.problems[0]?.source).toBe('policy');
    expect(config.problems[0]?.message).toContain('/etc/wa-continuity-kiosk/policy.json is not valid JSON');
    expect(config.settings.general.language).toBe('zh');
    expect(config.locked).toEqual([]);
  });

  it('drops a policy with one bad value whole, naming the bad key', () => {
    const config = resolveConfig({
      policyText: policy({ enforced: { general: { whatsappUrl: 'http://127.0.0.1:1/' }, health: { failuresToDown: 0 } } }),
    });
    expect(config.problems[0]?.message).toMatch(/health\.failuresToDown/);
    // Not half applied: the valid key of the broken policy is not used either.
    expect(config.settings.general.whatsappUrl).toBe(defaultSettings().general.whatsappUrl);
  });

  it('rejects unknown keys instead of ignoring a typo', () => {
    const config = resolveConfig({ settings: { general: { whatsapUrl: 'http://x/' } } });
    expect(config.problems[0]?.source).toBe('settings');
    expect(config.problems[0]?.message).toMatch(/whatsapUrl/);
  });

  it('refuses a non-http WhatsApp address', () => {
    const config = resolveConfig({ settings: { general: { whatsappUrl: 'file:///etc/passwd' } } });
    expect(config.problems).toHaveLength(1);
    expect(config.settings.general.whatsappUrl).toBe('https://web.whatsapp.com/');
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
