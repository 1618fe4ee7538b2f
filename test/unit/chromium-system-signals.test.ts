import type { NetworkInterfaceInfo } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chromiumSystemSignals } from '../../main/shells/chromium/system-signals.ts';

const lo: NetworkInterfaceInfo = {
  address: '127.0.0.1',
  netmask: '255.0.0.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal: true,
  cidr: '127.0.0.1/8',
};
const eth: NetworkInterfaceInfo = { ...lo, address: '10.1.2.3', internal: false, cidr: '10.1.2.3/24' };

describe('the Chromium shell’s system signals', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports the OS online state from the interfaces, and each change once', async () => {
    let interfaces: Record<string, NetworkInterfaceInfo[]> = { lo: [lo], eth0: [eth] };
    const signals = chromiumSystemSignals('https://web.whatsapp.com/', () => interfaces);
    const changes: (boolean | null)[] = [];
    signals.onNetworkChange((online) => changes.push(online));
    expect(signals.isOnline()).toBe(true);
    interfaces = { lo: [lo] };
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(signals.isOnline()).toBe(false);
    interfaces = { lo: [lo], eth0: [eth] };
    await vi.advanceTimersByTimeAsync(2_000);
    expect(changes).toEqual([false, true]);
    signals.stop();
  });

  it('never judges a WhatsApp on loopback by the OS state', () => {
    const signals = chromiumSystemSignals('http://127.0.0.1:3100/', () => ({ lo: [lo] }));
    expect(signals.isOnline()).toBeNull();
    signals.stop();
  });

  it('calls a wake-up when the wall clock jumped ahead of the monotonic clock, not when both moved', async () => {
    const signals = chromiumSystemSignals('https://web.whatsapp.com/', () => ({ eth0: [eth] }));
    let wakes = 0;
    signals.onWake(() => {
      wakes += 1;
    });
    // Both clocks move alike, however long: no sleep.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(wakes).toBe(0);
    // The machine was suspended for an hour: only the wall clock moved.
    vi.setSystemTime(Date.now() + 3_600_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(wakes).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(wakes).toBe(1);
    signals.stop();
  });
});
