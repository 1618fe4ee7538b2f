import { describe, expect, it } from 'vitest';
import { classifyNetwork, nextProbeDelay } from '../../main/core/health/classify-network.ts';
import type { HttpProbeResult } from '../../main/core/health/http-probe.ts';

const ok: HttpProbeResult = { ok: true, status: 200, latencyMs: 40, error: null };
const failed = (error: string, status: number | null = null): HttpProbeResult => ({ ok: false, status, latencyMs: null, error });

describe('classifyNetwork', () => {
  it('calls a WhatsApp that answers too slowly an unstable connection', () => {
    const slow = { ...ok, latencyMs: 3_500 };
    expect(classifyNetwork({ osOnline: true, whatsapp: slow, independent: ok }, 3_000)).toEqual(['CONNECTION_UNSTABLE']);
    expect(classifyNetwork({ osOnline: true, whatsapp: { ...ok, latencyMs: 2_900 }, independent: ok }, 3_000)).toEqual([]);
  });

  it('sees nothing wrong when both probes answer', () => {
    expect(classifyNetwork({ osOnline: true, whatsapp: ok, independent: ok }, 3_000)).toEqual([]);
    expect(classifyNetwork({ osOnline: null, whatsapp: ok, independent: ok }, 3_000)).toEqual([]);
  });

  it('calls it our network when the OS says offline, whatever the probes say', () => {
    expect(classifyNetwork({ osOnline: false, whatsapp: ok, independent: ok }, 3_000)).toEqual(['LOCAL_NETWORK_DOWN']);
  });

  it('calls it our network when WhatsApp and the independent target both fail', () => {
    expect(classifyNetwork({ osOnline: true, whatsapp: failed('dns'), independent: failed('dns') }, 3_000)).toEqual(['LOCAL_NETWORK_DOWN']);
    expect(classifyNetwork({ osOnline: null, whatsapp: failed('timeout'), independent: failed('refused') }, 3_000)).toEqual([
      'LOCAL_NETWORK_DOWN',
    ]);
  });

  it('calls it a WhatsApp outage when only WhatsApp fails, however it fails', () => {
    for (const whatsapp of [failed('http-5xx', 503), failed('timeout'), failed('refused'), failed('dns'), failed('reset')]) {
      expect(classifyNetwork({ osOnline: true, whatsapp, independent: ok }, 3_000)).toEqual(['SERVICE_OUTAGE']);
    }
  });

  it('does not blame WhatsApp when only the independent target fails', () => {
    expect(classifyNetwork({ osOnline: true, whatsapp: ok, independent: failed('timeout') }, 3_000)).toEqual([]);
  });
});

describe('nextProbeDelay', () => {
  const base = 15_000;
  const max = 120_000;

  it('probes at the base interval while all is well', () => {
    expect(nextProbeDelay(0, base, max, () => 0.99)).toBe(base);
  });

  it('backs off exponentially after failures, up to the cap', () => {
    const ceiling = (failures: number) => nextProbeDelay(failures, base, max, () => 1);
    expect(ceiling(2)).toBeGreaterThan(ceiling(1));
    expect(ceiling(3)).toBeGreaterThan(ceiling(2));
    expect(ceiling(30)).toBe(max);
  });

  it('spreads desks apart with full jitter, without hammering', () => {
    const delays = [0, 0.25, 0.5, 0.75].map((r) => nextProbeDelay(3, base, max, () => r));
    expect(new Set(delays).size).toBe(delays.length);
    expect(Math.min(...delays)).toBeGreaterThan(0);
  });
});
