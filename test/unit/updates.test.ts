import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../main/core/config/schema.ts';
import type { Mode } from '../../main/core/ipc/contract.ts';
import {
  installDecision,
  QUIET_MS,
  takeOffer,
  updatePlan,
  withinWorkingHours,
  type UpdateSettings,
} from '../../main/core/updates/decide.ts';
import { INSTALL_CHECK_MS, InstallGate } from '../../main/core/updates/install-gate.ts';
import { FakeClock, memoryLogger } from '../support/fake-kiosk.ts';

const base = defaultSettings().updates;
const updates = (over: Partial<UpdateSettings> = {}): UpdateSettings => ({
  ...base,
  feedUrl: 'https://updates.example.com/kiosk/',
  ...over,
});
/** Local wall-clock time: the working hours are the workstation's, whatever its time zone. 2026-11-30 is a Monday. */
const at = (day: number, hour: number, minute = 0) => new Date(2026, 10, 30 + day, hour, minute).getTime();
const MONDAY = 0;
const SATURDAY = 5;

describe('updatePlan', () => {
  it('asks the feed only for a packaged, non-MSI install with updates on and a feed', () => {
    expect(updatePlan(updates(), 'installer')).toEqual({
      check: true,
      feedUrl: 'https://updates.example.com/kiosk/',
      feedChannel: 'latest',
      allowPrerelease: false,
      allowDowngrade: false,
    });
    expect(updatePlan(updates(), 'msi')).toEqual({ check: false, reason: 'msi-managed-by-it' });
    expect(updatePlan(updates(), 'unpackaged')).toEqual({ check: false, reason: 'not-packaged' });
    expect(updatePlan(updates({ enabled: false }), 'installer')).toEqual({ check: false, reason: 'disabled-by-policy' });
    expect(updatePlan({ ...base }, 'installer')).toEqual({ check: false, reason: 'no-feed' });
  });

  it('follows prereleases on the beta channel and allows going back to a pinned version', () => {
    expect(updatePlan(updates({ channel: 'beta' }), 'installer')).toMatchObject({ feedChannel: 'beta', allowPrerelease: true });
    expect(updatePlan(updates({ pinnedVersion: '1.2.0' }), 'installer')).toMatchObject({ allowDowngrade: true });
  });
});

describe('takeOffer', () => {
  it('takes a new version, or with a pin only the pinned one', () => {
    expect(takeOffer('1.3.0', '1.2.0', updates())).toEqual({ take: true, reason: 'offered' });
    expect(takeOffer('1.2.0', '1.2.0', updates())).toEqual({ take: false, reason: 'running' });
    expect(takeOffer('1.3.0', '1.2.0', updates({ pinnedVersion: '1.2.5' }))).toEqual({ take: false, reason: 'pinned-elsewhere' });
    expect(takeOffer('1.2.5', '1.3.0', updates({ pinnedVersion: '1.2.5' }))).toEqual({ take: true, reason: 'offered' });
  });
});

describe('withinWorkingHours', () => {
  const hours = { workingHours: '08:00-20:00', workingDays: base.workingDays };

  it('is the working days between the hours, start included, end excluded', () => {
    expect(withinWorkingHours(at(MONDAY, 7, 59), hours)).toBe(false);
    expect(withinWorkingHours(at(MONDAY, 8, 0), hours)).toBe(true);
    expect(withinWorkingHours(at(MONDAY, 19, 59), hours)).toBe(true);
    expect(withinWorkingHours(at(MONDAY, 20, 0), hours)).toBe(false);
    expect(withinWorkingHours(at(SATURDAY, 12, 0), hours)).toBe(false);
  });

  it('runs a night shift past midnight into the next day', () => {
    const night = { workingHours: '22:00-06:00', workingDays: ['fri' as const] };
    expect(withinWorkingHours(at(4, 23, 0), night)).toBe(true); // Friday night
    expect(withinWorkingHours(at(SATURDAY, 5, 59), night)).toBe(true); // the same shift on Saturday morning
    expect(withinWorkingHours(at(SATURDAY, 6, 0), night)).toBe(false);
    expect(withinWorkingHours(at(SATURDAY, 23, 0), night)).toBe(false); // Saturday is no working day
  });
});

describe('installDecision', () => {
  const seat = (now: number, mode: Mode = 'whatsapp', idleMs = QUIET_MS) => ({ now, mode, idleMs });

  it('never restarts the kiosk in working hours, in failover or while someone uses the workstation', () => {
    expect(installDecision(seat(at(MONDAY, 10)), base)).toEqual({ install: false, reason: 'working-hours' });
    expect(installDecision(seat(at(MONDAY, 21), 'failover'), base)).toEqual({ install: false, reason: 'failover' });
    expect(installDecision(seat(at(MONDAY, 21), 'whatsapp', QUIET_MS - 1), base)).toEqual({ install: false, reason: 'agent-active' });
    expect(installDecision(seat(at(MONDAY, 21)), base)).toEqual({ install: true });
    expect(installDecision(seat(at(SATURDAY, 10)), base)).toEqual({ install: true });
  });
});

describe('InstallGate on the clock', () => {
  function gate(startAt: number, state: { mode: Mode; idleMs: number }) {
    const clock = new FakeClock(startAt);
    const { log, lines } = memoryLogger();
    const installs: number[] = [];
    const gate = new InstallGate({ clock, log, settings: base, seat: () => state, install: () => void installs.push(clock.now()) });
    return { clock, gate, installs, lines };
  }

  it('holds an update downloaded in the morning until the evening, then installs once the seat is quiet', async () => {
    const state = { mode: 'whatsapp' as Mode, idleMs: 0 };
    const { clock, gate: updateGate, installs, lines } = gate(at(MONDAY, 9, 30), state);
    updateGate.downloaded('1.3.0');
    await clock.advance(at(MONDAY, 20, 30) - clock.now());
    expect(installs).toEqual([]);
    expect(lines.map((line) => line.msg)).toContain('update waits');

    state.idleMs = QUIET_MS;
    await clock.advance(INSTALL_CHECK_MS);
    expect(installs).toEqual([at(MONDAY, 20, 31)]);
    await clock.advance(60 * INSTALL_CHECK_MS);
    expect(installs).toHaveLength(1);
  });

  it('waits out the failover pane even at night', async () => {
    const state = { mode: 'failover' as Mode, idleMs: QUIET_MS };
    const { clock, gate: updateGate, installs } = gate(at(MONDAY, 22), state);
    updateGate.downloaded('1.3.0');
    await clock.advance(30 * INSTALL_CHECK_MS);
    expect(installs).toEqual([]);
    state.mode = 'whatsapp';
    await clock.advance(INSTALL_CHECK_MS);
    expect(installs).toHaveLength(1);
  });

  it('stops looking once stopped (the kiosk quits: electron-updater installs at quit)', async () => {
    const { clock, gate: updateGate, installs } = gate(at(MONDAY, 22), { mode: 'whatsapp', idleMs: QUIET_MS });
    updateGate.downloaded('1.3.0');
    updateGate.stop();
    await clock.advance(10 * INSTALL_CHECK_MS);
    expect(installs).toEqual([]);
  });
});
