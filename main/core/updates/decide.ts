import type { Settings } from '../config/schema.ts';
import type { Mode } from '../ipc/contract.ts';

/**
 * What the kiosk does about updates, as pure decisions: whether to ask the feed at all, whether
 * to take what it offers, and when a downloaded update may restart the kiosk. The Electron side
 * (shells/electron/updater.ts) only carries them out with electron-updater.
 */
export type UpdateSettings = Settings['updates'];

/** How the app was installed: an MSI belongs to IT's software distribution, which updates it. */
export type InstallKind = 'msi' | 'installer' | 'unpackaged';

export type UpdatePlan =
  | { check: false; reason: 'disabled-by-policy' | 'msi-managed-by-it' | 'no-feed' | 'not-packaged' }
  | {
      check: true;
      feedUrl: string;
      /** The feed file electron-builder publishes per channel: latest.yml (stable) or beta.yml. */
      feedChannel: 'latest' | 'beta';
      allowPrerelease: boolean;
      allowDowngrade: boolean;
    };

export function updatePlan(settings: UpdateSettings, install: InstallKind): UpdatePlan {
  if (install === 'unpackaged') return { check: false, reason: 'not-packaged' };
  if (install === 'msi') return { check: false, reason: 'msi-managed-by-it' };
  if (!settings.enabled) return { check: false, reason: 'disabled-by-policy' };
  if (settings.feedUrl === undefined) return { check: false, reason: 'no-feed' };
  return {
    check: true,
    feedUrl: settings.feedUrl,
    feedChannel: settings.channel === 'beta' ? 'beta' : 'latest',
    allowPrerelease: settings.channel === 'beta',
    // A pin may lie below the running version (IT rolls a bad release back).
    allowDowngrade: settings.pinnedVersion !== undefined,
  };
}

/** Whether to download the version the feed offers: with a pin, only that version, and only if it is not running already. */
export function takeOffer(
  offered: string,
  running: string,
  settings: UpdateSettings,
): { take: boolean; reason: 'pinned-elsewhere' | 'running' | 'offered' } {
  if (offered === running) return { take: false, reason: 'running' };
  if (settings.pinnedVersion !== undefined && offered !== settings.pinnedVersion) return { take: false, reason: 'pinned-elsewhere' };
  return { take: true, reason: 'offered' };
}

/** How long nobody may have touched the workstation before an update restarts the kiosk. */
export const QUIET_MS = 10 * 60_000;

export interface SeatNow {
  /** Milliseconds since the epoch; read in the workstation's local time. */
  now: number;
  mode: Mode;
  /** Time since the last keyboard or mouse input on the workstation (the OS's idle time). */
  idleMs: number;
}

export type InstallDecision = { install: true } | { install: false; reason: 'working-hours' | 'failover' | 'agent-active' };

/**
 * A downloaded update restarts the kiosk only outside working hours, with WhatsApp in front (not
 * while the failover pane is the agent's lifeline) and nobody at the keyboard for QUIET_MS: never
 * in the middle of a conversation. Otherwise it waits, and is installed at quit.
 */
export function installDecision(seat: SeatNow, settings: Pick<UpdateSettings, 'workingHours' | 'workingDays'>): InstallDecision {
  if (withinWorkingHours(seat.now, settings)) return { install: false, reason: 'working-hours' };
  if (seat.mode !== 'whatsapp') return { install: false, reason: 'failover' };
  if (seat.idleMs < QUIET_MS) return { install: false, reason: 'agent-active' };
  return { install: true };
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * "08:00-20:00" on the working days, local time. A range that ends before it starts (22:00-06:00)
 * runs past midnight and belongs to the day it started on.
 */
export function withinWorkingHours(
  now: number,
  { workingHours, workingDays }: Pick<UpdateSettings, 'workingHours' | 'workingDays'>,
): boolean {
  const [start, end] = workingHours.split('-').map(minutesOf) as [number, number];
  const date = new Date(now);
  const minute = date.getHours() * 60 + date.getMinutes();
  const works = (offset: number) => (workingDays as readonly string[]).includes(DAYS[(date.getDay() + 7 + offset) % 7]!);
  if (start < end) return works(0) && minute >= start && minute < end;
  return (works(0) && minute >= start) || (works(-1) && minute < end);
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}
