import { describe, expect, it } from 'vitest';
import { classifyNetwork, describeNetworkRound, nextProbeDelay, whoAnswered } from '../../main/core/health/classify-network.ts';
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

  it('calls it a WhatsApp outage when only WhatsApp fails to answer or answers with a server error', () => {
    for (const whatsapp of [failed('http-5xx', 503), failed('timeout'), failed('refused'), failed('reset')]) {
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

  describe('a network that answers for WhatsApp', () => {
    const URL_ASKED = 'https://web.whatsapp.com/';
    const answer = (status: number, more: Partial<HttpProbeResult> = {}): HttpProbeResult => ({ ...ok, status, url: URL_ASKED, ...more });
    const portal = answer(302, { location: 'http://portal.guest-wifi.example/login?next=web.whatsapp.com' });

    it('a redirect to another origin is a captive portal, not WhatsApp reachable', () => {
      expect(whoAnswered(portal)).toBe('sign-in');
      expect(classifyNetwork({ osOnline: true, whatsapp: portal, independent: ok }, 3_000)).toEqual(['NETWORK_SIGN_IN_REQUIRED']);
      // 511 Network Authentication Required says the same without a redirect.
      expect(classifyNetwork({ osOnline: true, whatsapp: answer(511), independent: ok }, 3_000)).toEqual(['NETWORK_SIGN_IN_REQUIRED']);
      // A portal that intercepts the independent probe explains a WhatsApp that does not answer.
      expect(classifyNetwork({ osOnline: true, whatsapp: failed('timeout'), independent: portal }, 3_000)).toEqual([
        'NETWORK_SIGN_IN_REQUIRED',
      ]);
    });

    it('a redirect within WhatsApp’s own origin is WhatsApp answering', () => {
      const own = answer(302, { location: 'https://web.whatsapp.com/?lang=en' });
      expect(whoAnswered(own)).toBe('whatsapp');
      expect(classifyNetwork({ osOnline: true, whatsapp: own, independent: ok }, 3_000)).toEqual([]);
    });

    it('a proxy asking for credentials or refusing, or a certificate that is not WhatsApp’s, is a blocking network', () => {
      for (const whatsapp of [answer(407), answer(200, { proxyAuthenticate: true }), answer(403), answer(451), failed('tls')]) {
        expect(classifyNetwork({ osOnline: true, whatsapp, independent: ok }, 3_000)).toEqual(['NETWORK_BLOCKED']);
      }
    });

    it('WhatsApp’s name alone not resolving is a DNS filter; every name failing is our network', () => {
      expect(classifyNetwork({ osOnline: true, whatsapp: failed('dns'), independent: ok }, 3_000)).toEqual(['NETWORK_BLOCKED']);
      expect(classifyNetwork({ osOnline: true, whatsapp: failed('dns'), independent: failed('dns') }, 3_000)).toEqual([
        'LOCAL_NETWORK_DOWN',
      ]);
    });

    it('says who answered and where it pointed, for the timeline', () => {
      expect(describeNetworkRound({ osOnline: true, whatsapp: portal, independent: ok })).toBe(
        'whatsapp 302 -> http://portal.guest-wifi.example/login?next=web.whatsapp.com (sign-in), independent 200 (whatsapp)',
      );
    });
  });
});
