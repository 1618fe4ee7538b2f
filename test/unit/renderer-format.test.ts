import { describe, expect, it } from 'vitest';
import { durationParts, formatClock, incidentTarget, isKnownEventKind } from '../../renderer/src/format.ts';
import { createThrottle } from '../../renderer/src/throttle.ts';

const MIN = 60_000;

describe('durationParts', () => {
  it('keeps the two units an agent cares about', () => {
    expect(durationParts(-5)).toEqual({ key: 'seconds', values: { s: 0 } });
    expect(durationParts(59_999)).toEqual({ key: 'seconds', values: { s: 59 } });
    expect(durationParts(60_000)).toEqual({ key: 'minutes', values: { m: 1 } });
    expect(durationParts(59 * MIN + 59_000)).toEqual({ key: 'minutes', values: { m: 59 } });
    expect(durationParts(125 * MIN)).toEqual({ key: 'hours', values: { h: 2, m: 5 } });
    expect(durationParts(50 * 60 * MIN)).toEqual({ key: 'days', values: { d: 2, h: 2 } });
  });
});

describe('incidentTarget', () => {
  const targets = { rtoMs: 15 * MIN, mtdMs: 240 * MIN };
  it('is within RTO up to and including the RTO', () => {
    expect(incidentTarget({ ...targets, durationMs: 0 })).toBe('within-rto');
    expect(incidentTarget({ ...targets, durationMs: 15 * MIN })).toBe('within-rto');
  });
  it('is over RTO past the RTO, up to and including the MTD', () => {
    expect(incidentTarget({ ...targets, durationMs: 15 * MIN + 1 })).toBe('over-rto');
    expect(incidentTarget({ ...targets, durationMs: 240 * MIN })).toBe('over-rto');
  });
  it('is over MTD past the MTD', () => {
    expect(incidentTarget({ ...targets, durationMs: 240 * MIN + 1 })).toBe('over-mtd');
  });
});

describe('formatClock', () => {
  it('shows only the time for today, and the date otherwise', () => {
    const now = new Date(2026, 2, 10, 15, 0).getTime();
    expect(formatClock(new Date(2026, 2, 10, 9, 5).getTime(), 'en', now)).toBe('09:05');
    const yesterday = formatClock(new Date(2026, 2, 9, 23, 40).getTime(), 'en', now);
    expect(yesterday).toContain('23:40');
    expect(yesterday).toContain('9');
    expect(formatClock(new Date(2026, 2, 9, 23, 40).getTime(), 'zh', now)).toContain('3月9日');
  });
});

describe('isKnownEventKind', () => {
  it('knows our kinds and nothing else', () => {
    expect(isKnownEventKind('failover')).toBe(true);
    expect(isKnownEventKind('fault.title')).toBe(false);
    expect(isKnownEventKind('')).toBe(false);
  });
});

describe('createThrottle', () => {
  it('runs the first call and at most one per interval after it', () => {
    let t = 1_000;
    const throttle = createThrottle(2_000, () => t);
    let runs = 0;
    const run = () => {
      runs += 1;
    };
    expect(throttle(run)).toBe(true);
    t += 500;
    expect(throttle(run)).toBe(false);
    t += 1_499;
    expect(throttle(run)).toBe(false);
    t += 1;
    expect(throttle(run)).toBe(true);
    t += 10_000;
    expect(throttle(run)).toBe(true);
    expect(runs).toBe(3);
  });
});
