import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../main/core/config/policy.ts';
import { settingsInfo } from '../../main/core/config/schema-info.ts';
import { settingsView } from '../../main/core/config/settings-view.ts';
import { SettingsList } from '../../renderer/src/components/SettingsPanel.tsx';
import { createI18n } from '../../renderer/src/i18n/index.ts';
import { startFakeKiosk } from '../support/fake-kiosk.ts';

const config = resolveConfig({
  policyText: JSON.stringify({
    enforced: { general: { whatsappUrl: 'http://127.0.0.1:3100/' }, backups: { restoreAllowed: false } },
    defaults: { general: { language: 'zh' } },
  }),
  settings: { failover: { graceMs: 5_000 } },
});

describe('settingsView', () => {
  it('lists every schema key with its effective value, locked exactly where the policy locks', () => {
    const view = settingsView(config.settings, config.locked);
    expect(view.entries.map((entry) => entry.key)).toEqual(settingsInfo().map((info) => info.path));
    const byKey = new Map(view.entries.map((entry) => [entry.key, entry]));
    expect(byKey.get('general.whatsappUrl')).toEqual({ key: 'general.whatsappUrl', value: '"http://127.0.0.1:3100/"', locked: true });
    expect(byKey.get('backups.restoreAllowed')).toEqual({ key: 'backups.restoreAllowed', value: 'false', locked: true });
    expect(byKey.get('general.language')).toMatchObject({ value: '"zh"', locked: false });
    expect(byKey.get('failover.graceMs')).toMatchObject({ value: '5000', locked: false });
    expect(byKey.get('backups.dir')).toMatchObject({ value: null, locked: false });
    expect(view.entries.filter((entry) => entry.locked).map((entry) => entry.key)).toEqual([
      'general.whatsappUrl',
      'backups.restoreAllowed',
    ]);
  });

  it('is what the kiosk answers on settings:view', async () => {
    const fake = await startFakeKiosk({ general: { language: 'zh' } });
    try {
      const answer = await fake.kiosk.handleRequest('settings:view', {});
      expect(answer.ok).toBe(true);
      const entries = (answer as { value: ReturnType<typeof settingsView> }).value.entries;
      expect(entries.find((entry) => entry.key === 'general.language')).toEqual({ key: 'general.language', value: '"zh"', locked: false });
    } finally {
      await fake.kiosk.stop();
      fake.db.close();
    }
  });
});

describe('the Settings panel', () => {
  const view = settingsView(config.settings, config.locked);
  const render = (language: 'en' | 'zh') =>
    renderToStaticMarkup(
      createElement(I18nextProvider, { i18n: createI18n(language) }, createElement(SettingsList, { state: { state: 'ready', view } })),
    );
  const row = (html: string, key: string) =>
    new RegExp(`<tr[^>]*data-key="${key.replace('.', '\\.')}"[^>]*>[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';

  it.each([
    ['en', 'Locked by IT'],
    ['zh', '已被 IT 锁定'],
  ] as const)('shows a lock on each locked setting and on no other (%s)', (language, lockText) => {
    const html = render(language);
    expect(html.match(/data-testid="setting-row"/g)).toHaveLength(settingsInfo().length);
    expect(html.match(/data-testid="setting-lock"/g)).toHaveLength(2);
    expect(row(html, 'general.whatsappUrl')).toContain(lockText);
    expect(row(html, 'general.whatsappUrl')).toContain('data-locked="true"');
    expect(row(html, 'general.language')).not.toContain(lockText);
    expect(html).toContain(language === 'en' ? 'Settings locked by IT policy: 2' : '被 IT 策略锁定的设置：2 项');
  });
});
