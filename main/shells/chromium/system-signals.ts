import { networkInterfaces } from 'node:os';
import type { SystemSignals } from '../../core/ports.ts';
import { judgedOnline, onlineFromInterfaces, sleptBetween, type ClockReading } from '../../core/maintenance/signals.ts';

/** How often the clocks and interfaces are read: cheap, and a wake-up is noticed within seconds. */
const POLL_MS = 2_000;
/** A jump of the wall clock against the monotonic one beyond this is a sleep, not a busy moment. */
const SLEEP_TOLERANCE_MS = 10_000;

export interface ChromiumSystemSignals extends SystemSignals {
  stop(): void;
}

/**
 * What Electron gets from powerMonitor and net.isOnline(), for the Chromium shell: a resume is a
 * jump of the wall clock against the monotonic clock (which stands still in suspend), the online
 * state is whether an interface other than loopback has an address. A WhatsApp on loopback (the
 * simulator) is never judged by the OS online state.
 */
export function chromiumSystemSignals(
  whatsappUrl: string,
  readInterfaces: typeof networkInterfaces = networkInterfaces,
): ChromiumSystemSignals {
  const wake: (() => void)[] = [];
  const network: ((online: boolean | null) => void)[] = [];
  const read = (): ClockReading => ({ wall: Date.now(), monotonic: performance.now() });
  const online = (): boolean | null => {
    try {
      return judgedOnline(onlineFromInterfaces(readInterfaces()), whatsappUrl);
    } catch {
      return null;
    }
  };
  // A listener that throws must not stop the beat or the other listeners.
  const notify = <A extends unknown[]>(listeners: readonly ((...args: A) => void)[], ...args: A) => {
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (error) {
        console.error('system signal listener failed', error);
      }
    }
  };
  let last = read();
  let lastOnline = online();
  const timer = setInterval(() => {
    const now = read();
    const slept = sleptBetween(last, now, SLEEP_TOLERANCE_MS);
    last = now;
    if (slept) notify(wake);
    const current = online();
    if (current !== lastOnline) {
      lastOnline = current;
      notify(network, current);
    }
  }, POLL_MS);
  timer.unref();
  return {
    isOnline: () => lastOnline,
    onWake: (listener) => void wake.push(listener),
    onNetworkChange: (listener) => void network.push(listener),
    stop: () => clearInterval(timer),
  };
}
