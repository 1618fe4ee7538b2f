import { mkdirSync, mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillScript } from '../../main/core/ipc/runbook-wire.ts';
import { loadRunbook } from '../../main/core/runbook/resources.ts';
import { startFakeKiosk } from '../support/fake-kiosk.ts';

const RESOURCES = new URL('../../resources/', import.meta.url).pathname;

function resourcesWith(file: 'checklists/checklists.json' | 'scripts/scripts.json', text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-'));
  cpSync(RESOURCES, dir, { recursive: true });
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), text);
  return dir;
}

describe('IT runbook files', () => {
  it('loads the shipped checklist and scripts with no problem', () => {
    const runbook = loadRunbook(RESOURCES);
    expect(runbook.problems).toEqual([]);
    expect(runbook.checklists?.faults.default?.steps.length).toBeGreaterThan(0);
    expect(Object.keys(runbook.scripts ?? {})).toEqual(['whatsapp-down', 'not-delivered', 'file-failed', 'callback']);
  });

  it('reports a bad file clearly, and keeps the other one', () => {
    const noDefault = resourcesWith(
      'checklists/checklists.json',
      JSON.stringify({ faults: { SERVICE_OUTAGE: { steps: [{ id: 'a', en: 'x', zh: 'y' }] } } }),
    );
    const first = loadRunbook(noDefault);
    expect(first.checklists).toBeNull();
    expect(first.scripts).not.toBeNull();
    expect(first.problems[0]).toMatch(/checklists\.json is not valid: .*"default" checklist/);

    const unknownFault = resourcesWith(
      'checklists/checklists.json',
      JSON.stringify({ faults: { default: { steps: [{ id: 'a', en: 'x', zh: 'y' }] }, WIFI: { steps: [] } } }),
    );
    expect(loadRunbook(unknownFault).problems[0]).toMatch(/checklists\.json is not valid/);

    const missingChinese = JSON.parse(JSON.stringify(loadRunbook(RESOURCES))) as { scripts: Record<string, Record<string, unknown>> };
    delete missingChinese.scripts.callback!.zh;
    const bad = loadRunbook(resourcesWith('scripts/scripts.json', JSON.stringify({ scripts: missingChinese.scripts })));
    expect(bad.scripts).toBeNull();
    expect(bad.problems[0]).toMatch(/scripts\.json is not valid: scripts\.callback\.zh/);

    expect(loadRunbook(resourcesWith('scripts/scripts.json', '{ not json')).problems[0]).toMatch(/scripts\.json cannot be read/);
  });

  it('fills the placeholders and leaves unknown ones as written', () => {
    const values = { customer: '<img src=x onerror=alert(1)>', agent: 'Mei', incident: '#4', expectedRecovery: 'by noon' };
    expect(fillScript('Hi {customer}, {agent} here ({incident}); back {expectedRecovery}. {typo}', values)).toBe(
      'Hi <img src=x onerror=alert(1)>, Mei here (#4); back by noon. {typo}',
    );
  });
});

describe('checklist ticks and calls through the kiosk', () => {
  it('records ticks and call outcomes, and knows while a call is in progress', async () => {
    const fake = await startFakeKiosk();
    const call = async (channel: string, request: unknown) => {
      const result = await fake.kiosk.handleRequest(channel, request);
      if (!result.ok) throw new Error(result.error);
      return result.value as Record<string, unknown>;
    };
    const ticked = await call('checklist:tick', { stepId: 'tell-supervisor', done: true });
    expect(ticked.ticked).toEqual(['tell-supervisor']);
    expect((await call('checklist:get', {})).ticked).toEqual(['tell-supervisor']);

    expect(fake.kiosk.work.runbook.callInProgress()).toBe(false);
    await call('calls:start', {});
    expect(fake.kiosk.work.runbook.callInProgress()).toBe(true);
    const refused = await fake.kiosk.handleRequest('calls:log', { customer: 'Alice', situation: 'callback', outcome: 'callback' });
    expect(refused).toMatchObject({ ok: false });
    await call('calls:log', { customer: 'Alice', situation: 'callback', outcome: 'callback', callbackAt: fake.clock.now() + 3_600_000 });
    expect(fake.kiosk.work.runbook.callInProgress()).toBe(false);
    const calls = (await fake.kiosk.handleRequest('calls:list', {})) as { ok: true; value: { customer: string; outcome: string }[] };
    expect(calls.value.map((entry) => [entry.customer, entry.outcome])).toEqual([['Alice', 'callback']]);
    await fake.kiosk.stop();
  });
});
