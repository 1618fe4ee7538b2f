import { describe, expect, it } from 'vitest';
import { FAULT_CODES } from '../../main/core/health/faults.ts';
import { GUIDANCES } from '../../main/core/recovery/guidance.ts';
import { WHATSAPP_SCREENS } from '../../main/core/health/signals.ts';
import { healingActionSchema, healthLevelSchema, kioskStatusSchema, MODES } from '../../main/core/ipc/contract.ts';
import { KNOWN_EVENT_KINDS } from '../../renderer/src/format.ts';
import en from '../../renderer/src/i18n/en.json' with { type: 'json' };
import zh from '../../renderer/src/i18n/zh.json' with { type: 'json' };
import { createI18n } from '../../renderer/src/i18n/index.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const languages = { en: flatten(en as Tree), zh: flatten(zh as Tree) };

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

describe('renderer i18n resources', () => {
  it('English and Chinese have exactly the same keys', () => {
    expect([...languages.zh.keys()].sort()).toEqual([...languages.en.keys()].sort());
  });

  it('no text is empty, and both languages use the same placeholders', () => {
    for (const [key, text] of languages.en) {
      const other = languages.zh.get(key) ?? '';
      expect(text.trim(), `en ${key}`).not.toBe('');
      expect(other.trim(), `zh ${key}`).not.toBe('');
      expect(placeholders(other), key).toEqual(placeholders(text));
    }
  });

  it('every fault code has a title, a reason and a what-to-do text in both languages', () => {
    for (const [language, keys] of Object.entries(languages)) {
      for (const code of FAULT_CODES) {
        for (const part of ['title', 'reason', 'todo']) {
          expect(keys.get(`fault.${code}.${part}`)?.trim(), `${language} fault.${code}.${part}`).toBeTruthy();
        }
      }
    }
  });

  it('every guidance other than the phone link has its advice in both languages', () => {
    for (const [language, keys] of Object.entries(languages)) {
      for (const guidance of GUIDANCES.filter((g) => g !== 'link-with-phone-number')) {
        for (const part of ['title', 'text', 'step1', 'step2']) {
          expect(keys.get(`advice.${guidance}.${part}`)?.trim(), `${language} advice.${guidance}.${part}`).toBeTruthy();
        }
      }
    }
  });

  it('covers every value of the contract that the UI puts into words', () => {
    const modeReasons = kioskStatusSchema.shape.modeReason.options;
    const required = [
      ...WHATSAPP_SCREENS.map((screen) => `screen.${screen}`),
      ...healthLevelSchema.options.map((level) => `health.level.${level}`),
      ...healingActionSchema.options.map((action) => `healing.${action}`),
      ...MODES.map((mode) => `mode.${mode}`),
      ...modeReasons.map((reason) => `mode.reason.${reason}`),
      ...['whatsapp', 'failover', 'auto'].map((choice) => `modeSwitch.${choice}`),
      ...KNOWN_EVENT_KINDS.map((kind) => `incidents.event.${kind}`),
    ];
    for (const key of required) {
      expect(languages.en.has(key), `en ${key}`).toBe(true);
      expect(languages.zh.has(key), `zh ${key}`).toBe(true);
    }
  });

  it('resolves keys and interpolates in both languages', async () => {
    const i18n = createI18n('en');
    expect(i18n.t('fault.SERVICE_OUTAGE.title')).toBe('WhatsApp outage');
    expect(i18n.t('duration.minutes', { m: 12 })).toBe('12 min');
    await i18n.changeLanguage('zh');
    expect(i18n.t('fault.SERVICE_OUTAGE.title')).toBe('WhatsApp 服务中断');
    expect(i18n.t('duration.minutes', { m: 12 })).toBe('12 分钟');
  });
});
