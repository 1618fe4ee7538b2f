import { describe, expect, it } from 'vitest';
import type { FaultCode } from '../../main/core/health/faults.ts';
import type { HealthLevel } from '../../main/core/ipc/contract.ts';
import { trackIncident, type IncidentInput, type TrackedIncident } from '../../main/core/incidents/incident-tracker.ts';

const verdict = (at: number, level: HealthLevel, fault: FaultCode | null = null): IncidentInput => ({
  type: 'verdict',
  at,
  verdict: { level, fault, since: at },
});

const openIncident = (change: Partial<TrackedIncident> = {}): TrackedIncident => ({
  fault: 'SERVICE_OUTAGE',
  detectedAt: null,
  failoverAt: null,
  recoveredAt: null,
  failedBack: false,
  ...change,
});

describe('trackIncident', () => {
  it('opens an incident when the verdict leaves healthy', () => {
    expect(trackIncident(null, verdict(10, 'degraded', 'SEND_FAILURE'))).toEqual({
      open: { fault: 'SEND_FAILURE', startedAt: 10 },
      events: [{ kind: 'first-signal', at: 10, detail: 'SEND_FAILURE' }],
    });
  });

  it('opens and detects at once when the verdict goes straight to down', () => {
    expect(trackIncident(null, verdict(10, 'down', 'RENDERER_CRASHED'))?.events.map((e) => e.kind)).toEqual(['first-signal', 'detected']);
  });

  it('records the detection when an open incident goes down, and a new fault while down', () => {
    expect(trackIncident(openIncident(), verdict(20, 'down', 'SERVICE_OUTAGE'))?.events).toEqual([
      { kind: 'detected', at: 20, detail: 'SERVICE_OUTAGE' },
    ]);
    const detected = openIncident({ detectedAt: 20 });
    expect(trackIncident(detected, verdict(30, 'down', 'SERVICE_OUTAGE'))).toBeNull();
    expect(trackIncident(detected, verdict(30, 'down', 'LOCAL_NETWORK_DOWN'))?.events[0]?.detail).toBe('LOCAL_NETWORK_DOWN');
    expect(trackIncident(detected, verdict(30, 'degraded', 'SEND_FAILURE'))).toBeNull();
  });

  it('closes the incident when the verdict is healthy again, and opens a new one for the next episode', () => {
    expect(trackIncident(openIncident(), verdict(40, 'healthy'))?.events).toEqual([{ kind: 'recovered', at: 40, detail: null }]);
    const closed = openIncident({ recoveredAt: 40 });
    expect(trackIncident(closed, verdict(50, 'healthy'))).toBeNull();
    expect(trackIncident(closed, verdict(50, 'degraded', 'MEMORY_PRESSURE'))?.open).toEqual({ fault: 'MEMORY_PRESSURE', startedAt: 50 });
  });

  it('puts healing, give-ups, guidance and notes on the open incident only', () => {
    const inputs: IncidentInput[] = [
      { type: 'healing', at: 1, action: 'reload', fault: 'UNRESPONSIVE' },
      { type: 'healed', at: 2, action: 'reload' },
      { type: 'gave-up', at: 3, fault: 'QR_UNAVAILABLE', reason: 'needs-agent' },
      { type: 'guidance', at: 4, guidance: 'link-with-phone-number' },
      { type: 'agent-mode', at: 5, mode: 'auto' },
      { type: 'note', at: 6, text: 'drill' },
    ];
    expect(inputs.map((input) => trackIncident(openIncident(), input)?.events[0])).toEqual([
      { kind: 'healing', at: 1, detail: 'reload (UNRESPONSIVE)' },
      { kind: 'healed', at: 2, detail: 'reload' },
      { kind: 'escalated', at: 3, detail: 'QR_UNAVAILABLE: needs-agent' },
      { kind: 'guidance', at: 4, detail: 'link-with-phone-number' },
      { kind: 'agent-mode', at: 5, detail: 'auto' },
      { kind: 'note', at: 6, detail: 'drill' },
    ]);
    for (const input of inputs) expect(trackIncident(null, input)).toBeNull();
    for (const input of inputs) expect(trackIncident(openIncident({ recoveredAt: 0 }), input)).toBeNull();
  });

  it('records a failover on the open incident, not a mode the agent picked while all was well', () => {
    expect(trackIncident(openIncident(), { type: 'switch', at: 5, to: 'failover', reason: 'auto' })?.events).toEqual([
      { kind: 'failover', at: 5, detail: 'auto' },
    ]);
    expect(trackIncident(null, { type: 'switch', at: 5, to: 'failover', reason: 'agent' })).toBeNull();
    expect(trackIncident(openIncident({ recoveredAt: 4 }), { type: 'switch', at: 5, to: 'failover', reason: 'agent' })).toBeNull();
  });

  it('gives the switch back (which waits for the typing hold) to the incident that caused the failover, once', () => {
    const back: IncidentInput = { type: 'switch', at: 90, to: 'whatsapp', reason: 'auto' };
    const recovered = openIncident({ failoverAt: 10, recoveredAt: 60 });
    expect(trackIncident(recovered, back)?.events).toEqual([{ kind: 'failback', at: 90, detail: 'auto' }]);
    expect(trackIncident({ ...recovered, failedBack: true }, back)).toBeNull();
    expect(trackIncident(openIncident(), back)).toBeNull();
  });
});
