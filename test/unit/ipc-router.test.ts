import { describe, expect, it, vi } from 'vitest';
import { createIpcRouter, isTrustedSender } from '../../main/core/ipc/router.ts';

/** Handlers for the channels these tests do not look at. */
const others = {
  'contacts:search': () => [],
  'contacts:summary': () => ({}) as never,
  'contacts:preview': () => ({}) as never,
  'contacts:import': () => ({}) as never,
  'contacts:export': () => ({}) as never,
  'backups:list': () => [],
  'backups:create': () => ({}) as never,
  'backups:restore': vi.fn(() => ({}) as never),
  'settings:view': () => ({ entries: [] }),
  'maintenance:status': () => ({}) as never,
  'maintenance:diagnose': () => ({}) as never,
  'maintenance:deep-reset': () => ({ ok: true as const }),
  'queue:add': () => ({}) as never,
  'queue:list': () => [],
  'queue:cancel': () => ({}) as never,
  'notes:get': () => ({}) as never,
  'notes:save': () => ({}) as never,
  'notes:of-incident': () => [],
  'checklist:get': () => ({}) as never,
  'checklist:tick': () => ({}) as never,
  'calls:scripts': () => ({}) as never,
  'calls:start': () => ({ ok: true as const }),
  'calls:log': () => ({}) as never,
  'calls:list': () => [],
  'outbox:info': () => ({}) as never,
  'outbox:preview': () => ({}) as never,
  'outbox:queue': () => ({}) as never,
  'outbox:list': () => [],
  'outbox:cancel': () => ({}) as never,
  'outbox:notices-preview': () => ({}) as never,
  'outbox:notices-send': () => ({}) as never,
  'hub:dashboard': () => ({ url: null }),
  'hub:open-dashboard': () => ({ opened: true as const }),
};

function router() {
  const setMode = vi.fn((request: { mode: string }) => ({ mode: request.mode }));
  const route = createIpcRouter({
    'status:get': () => ({}) as never,
    'mode:set': setMode as never,
    'activity:typing': () => ({ ok: true as const }),
    'incidents:list': ({ limit }) => Array.from({ length: limit }, () => ({}) as never),
    'ui:overlay': () => ({ ok: true as const }),
    ...others,
  });
  return { route, setMode };
}

describe('createIpcRouter', () => {
  it('passes a valid request to its handler', async () => {
    const { route, setMode } = router();
    expect(await route('mode:set', { mode: 'failover' })).toEqual({ ok: true, value: { mode: 'failover' } });
    expect(setMode).toHaveBeenCalledOnce();
  });

  it('fills defaults from the schema', async () => {
    const { route } = router();
    const result = await route('incidents:list', {});
    expect(result.ok && (result.value as unknown[]).length).toBe(50);
  });

  it('refuses unknown channels and invalid requests without calling a handler', async () => {
    const { route, setMode } = router();
    expect(await route('shell:exec', {})).toEqual({ ok: false, error: 'unknown channel: shell:exec' });
    expect(await route('__proto__', {})).toMatchObject({ ok: false });
    expect(await route('mode:set', { mode: 'off' })).toMatchObject({ ok: false, error: expect.stringContaining('mode:set') });
    expect(await route('mode:set', { mode: 'failover', extra: 1 })).toMatchObject({ ok: false });
    expect(setMode).not.toHaveBeenCalled();
  });

  it('refuses a backup name that is not one of ours, and an import that is not base64', async () => {
    const { route } = router();
    expect(await route('backups:restore', { name: '../../etc/passwd' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('backups:restore'),
    });
    expect(await route('contacts:import', { fileName: 'crm.csv', dataBase64: 'not base64!' })).toMatchObject({ ok: false });
    expect(others['backups:restore']).not.toHaveBeenCalled();
  });

  it('turns a failing handler into an error result', async () => {
    const route = createIpcRouter({
      'status:get': () => {
        throw new Error('boom');
      },
      'mode:set': () => ({}) as never,
      'activity:typing': () => ({ ok: true as const }),
      'incidents:list': () => [],
      'ui:overlay': () => ({ ok: true as const }),
      ...others,
    });
    expect(await route('status:get', {})).toEqual({ ok: false, error: 'status:get failed: boom' });
  });
});

describe('isTrustedSender', () => {
  const base = 'http://127.0.0.1:4000/index.html';
  it('trusts our page in its main frame only', () => {
    expect(isTrustedSender('http://127.0.0.1:4000/index.html#x', true, base)).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:4000/index.html', false, base)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:4001/index.html', true, base)).toBe(false);
    expect(isTrustedSender('https://web.whatsapp.com/', true, base)).toBe(false);
  });

  it('trusts only files of the renderer folder under file://', () => {
    const file = 'file:///opt/kiosk/dist/renderer/index.html';
    expect(isTrustedSender('file:///opt/kiosk/dist/renderer/index.html', true, file)).toBe(true);
    expect(isTrustedSender('file:///tmp/evil.html', true, file)).toBe(false);
  });
});
