import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { KioskStatus } from '../../main/core/ipc/contract.ts';
import { FailoverPane } from '../../renderer/src/components/FailoverPane.tsx';
import { currentChoice } from '../../renderer/src/components/ModeSwitch.tsx';
import { StatusBar } from '../../renderer/src/components/StatusBar.tsx';
import { createI18n } from '../../renderer/src/i18n/index.ts';
import type { ModeSwitchState } from '../../renderer/src/useModeSwitch.ts';

// The components rendered to static HTML under Node: what they say and the hooks tests rely on.
// Behaviour in a real browser (clicks, pushes, typing) is checked by the e2e suite.

const NOW = Date.now();

function status(overrides: Partial<KioskStatus> = {}): KioskStatus {
  return {
    mode: 'whatsapp',
    modeReason: 'auto',
    forced: false,
    health: { level: 'healthy', fault: null, since: NOW - 60_000 },
    whatsapp: { screen: 'chats', socketState: 'CONNECTED', lastHeartbeat: NOW },
    lastHealing: null,
    guidance: null,
    language: 'en',
    configErrors: [],
    seatId: 'seat-7',
    ...overrides,
  };
}

const idleSwitch: ModeSwitchState = { pending: null, error: null, choose: () => {} };

function render(element: ReactElement, language: 'en' | 'zh' = 'en'): string {
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, element));
}

// Node has no DOM; reading attributes off the markup is enough for these checks.
function attr(html: string, testId: string, name: string): string | null {
  const tag = new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`).exec(html)?.[0];
  if (!tag) return null;
  return new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
}

function has(html: string, testId: string): boolean {
  return html.includes(`data-testid="${testId}"`);
}

function bar(s: KioskStatus, language: 'en' | 'zh' = 'en'): string {
  return render(
    createElement(StatusBar, {
      status: s,
      now: NOW,
      modeSwitch: idleSwitch,
      drawer: null,
      onDrawer: () => {},
      onIncidents: () => {},
    }),
    language,
  );
}

function pane(s: KioskStatus, language: 'en' | 'zh' = 'en'): string {
  return render(createElement(FailoverPane, { kiosk: null, status: s, now: NOW }), language);
}

describe('StatusBar', () => {
  it('exposes state as data attributes and test ids, independent of language', () => {
    const s = status({ mode: 'failover', health: { level: 'down', fault: 'SERVICE_OUTAGE', since: NOW - 1000 } });
    for (const language of ['en', 'zh'] as const) {
      const markup = bar({ ...s, language }, language);
      expect(attr(markup, 'status-bar', 'data-mode')).toBe('failover');
      expect(attr(markup, 'status-bar', 'data-level')).toBe('down');
      expect(attr(markup, 'status-bar', 'data-fault')).toBe('SERVICE_OUTAGE');
      for (const id of ['health-level', 'fault-code', 'whatsapp-screen', 'mode', 'mode-reason', 'seat-id']) {
        expect(has(markup, id), id).toBe(true);
      }
      for (const choice of ['whatsapp', 'failover', 'auto']) expect(has(markup, `mode-switch-${choice}`)).toBe(true);
    }
  });

  it('says the fault in words, with the code beside it', () => {
    const s = status({ health: { level: 'down', fault: 'LOCAL_NETWORK_DOWN', since: NOW } });
    expect(bar(s)).toContain('This computer is offline');
    expect(bar(s)).toContain('>LOCAL_NETWORK_DOWN<');
    expect(bar({ ...s, language: 'zh' }, 'zh')).toContain('此电脑已断网');
  });

  it('has no fault code element when there is no fault', () => {
    const markup = bar(status());
    expect(has(markup, 'fault-code')).toBe(false);
    expect(attr(markup, 'status-bar', 'data-fault')).toBe('');
  });

  it('shows who chose the mode, and which switch button is pressed', () => {
    const forced = bar(status({ mode: 'failover', modeReason: 'agent', forced: true }));
    expect(forced).toContain('chosen by you');
    expect(attr(forced, 'mode-switch-failover', 'aria-pressed')).toBe('true');
    expect(attr(forced, 'mode-switch-auto', 'aria-pressed')).toBe('false');
    const auto = bar(status());
    expect(auto).toContain('chosen automatically');
    expect(attr(auto, 'mode-switch-auto', 'aria-pressed')).toBe('true');
    expect(currentChoice({ mode: 'whatsapp', forced: true })).toBe('whatsapp');
    expect(currentChoice({ mode: 'failover', forced: false })).toBe('auto');
  });

  it('shows every config error as text, never as markup', () => {
    const markup = bar(status({ configErrors: ['policy: bad <img src=x onerror=alert(1)>', 'second problem'] }));
    expect(has(markup, 'config-errors')).toBe(true);
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(markup).not.toContain('<img');
    expect(markup).toContain('second problem');
  });

  it('carries the phone-number guidance in the bar in WhatsApp mode only', () => {
    const guided = status({ guidance: 'link-with-phone-number', health: { level: 'down', fault: 'QR_UNAVAILABLE', since: NOW } });
    const inBar = bar(guided);
    expect(has(inBar, 'phone-link-guidance')).toBe(true);
    expect(inBar).toContain('Link with phone number');
    expect(inBar).toContain('IT has been told');
    expect(has(bar({ ...guided, mode: 'failover' }), 'phone-link-guidance')).toBe(false);
  });
});

describe('FailoverPane', () => {
  it('explains the fault, since when and what to do, in the agent language', () => {
    const s = status({ mode: 'failover', health: { level: 'down', fault: 'SERVICE_OUTAGE', since: NOW - 12 * 60_000 } });
    const en = pane(s);
    expect(has(en, 'failover-pane')).toBe(true);
    expect(attr(en, 'failover-reason', 'data-fault')).toBe('SERVICE_OUTAGE');
    expect(en).toContain('WhatsApp is down for everyone right now');
    expect(en).toContain('12 min');
    expect(en).toContain('What to do now');
    const zh = pane({ ...s, language: 'zh' }, 'zh');
    expect(zh).toContain('WhatsApp 目前对所有人都无法使用');
    expect(zh).toContain('12 分钟');
  });

  it('says when the agent chose failover themselves', () => {
    const markup = pane(status({ mode: 'failover', modeReason: 'agent', forced: true }));
    expect(markup).toContain('You switched to failover');
    expect(markup).toContain('Press Automatic');
  });

  it('offers every tool of the pane: lookup, outbox, offline queue, scripts, checklist, notes; none is a placeholder', () => {
    const markup = pane(status({ mode: 'failover' }));
    for (const title of ['Customer lookup', 'Outbox', 'Phone scripts', 'WhatsApp replies for later']) expect(markup).toContain(title);
    expect(has(markup, 'lookup-input')).toBe(true);
    expect(has(markup, 'queue-form')).toBe(true);
    expect(has(markup, 'outbox-tools')).toBe(true);
    expect(has(markup, 'scripts') && has(markup, 'checklist')).toBe(true);
    expect(markup).not.toContain('Not available in this version yet.');
  });

  it('shows every guidance step in the pane', () => {
    const markup = pane(status({ mode: 'failover', guidance: 'link-with-phone-number' }));
    expect(has(markup, 'phone-link-guidance')).toBe(true);
    expect(markup).toContain('Settings → Linked devices → Link a device');
    expect(markup).toContain('Link with phone number instead');
    expect(markup).toContain('8-character code');
  });

  it('shows the advice for each guidance only a person can follow, in the pane', () => {
    const cases = [
      ['use-here', 'WHATSAPP_OPEN_ELSEWHERE', '"Use here"'],
      ['account-blocked', 'ACCOUNT_BLOCKED', 'WhatsApp has blocked the account'],
      ['sign-in-to-network', 'NETWORK_SIGN_IN_REQUIRED', 'sign-in page'],
      ['ask-it-to-allow-whatsapp', 'NETWORK_BLOCKED', 'allow web.whatsapp.com'],
    ] as const;
    for (const [guidance, fault, words] of cases) {
      const markup = pane(status({ mode: 'failover', guidance, health: { level: 'down', fault, since: NOW } }));
      expect(markup).toContain(`data-guidance="${guidance}"`);
      expect(markup).toContain(words.replaceAll('"', '&quot;'));
      expect(has(markup, 'phone-link-guidance')).toBe(false);
    }
    expect(has(pane(status({ mode: 'failover' })), 'agent-guidance')).toBe(false);
  });

  it('has the incident list', () => {
    expect(has(pane(status({ mode: 'failover' })), 'incidents')).toBe(true);
  });
});
