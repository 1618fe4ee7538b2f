import type { NetworkInterfaceInfo } from 'node:os';

/** One reading of both clocks: the wall clock keeps running while the machine sleeps, the monotonic one does not. */
export interface ClockReading {
  wall: number;
  monotonic: number;
}

/**
 * Whether the machine slept between two readings: the wall clock moved on by more than the
 * monotonic clock (which stops in suspend) plus `toleranceMs`. A busy event loop delays both
 * alike and is no wake-up; a wall-clock correction (NTP) smaller than the tolerance is none either.
 */
export function sleptBetween(previous: ClockReading, current: ClockReading, toleranceMs: number): boolean {
  return current.wall - previous.wall - (current.monotonic - previous.monotonic) > toleranceMs;
}

/** Online as far as the OS can tell: some interface other than loopback has an address. */
export function onlineFromInterfaces(interfaces: Readonly<Record<string, readonly NetworkInterfaceInfo[] | undefined>>): boolean {
  return Object.values(interfaces).some((addresses) => (addresses ?? []).some((address) => !address.internal));
}

/** A WhatsApp address on this machine (the simulator) is reachable whatever the OS says about the network. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The OS online state as the kiosk may use it: never judged for a loopback WhatsApp. */
export function judgedOnline(osOnline: boolean | null, whatsappUrl: string): boolean | null {
  return isLoopbackUrl(whatsappUrl) ? null : osOnline;
}

/** Calls `listener` whenever `read()` gives a new value, looked at every `intervalMs`; returns the stop. */
export function watchChanges<T>(read: () => T, listener: (value: T) => void, intervalMs = 2_000): () => void {
  let last = read();
  const timer = setInterval(() => {
    const current = read();
    if (current === last) return;
    last = current;
    try {
      listener(current);
    } catch (error) {
      console.error('change listener failed', error);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
