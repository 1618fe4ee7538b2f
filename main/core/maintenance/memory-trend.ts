import type { MemoryAssessment, MemorySample } from '../ipc/maintenance-wire.ts';

export type { MemoryAssessment, MemorySample } from '../ipc/maintenance-wire.ts';

export interface MemoryLimits {
  reloadMb: number;
  growthMbPerHour: number;
  growthWindowMs: number;
}

const HOUR_MS = 3_600_000;
/** A trend needs a few points and most of its window covered, or a start-up spike reads as growth. */
const MIN_TREND_SAMPLES = 5;
const MIN_TREND_COVERAGE = 0.8;

/** The samples kept: those within `keepMs` of the newest, plus the new one. */
export function addSample(samples: readonly MemorySample[], sample: MemorySample, keepMs: number): MemorySample[] {
  return [...samples.filter((kept) => sample.at - kept.at <= keepMs && kept.at <= sample.at), sample];
}

export function assessMemory(samples: readonly MemorySample[], now: number, limits: MemoryLimits): MemoryAssessment {
  const latest = samples.at(-1);
  if (latest === undefined) return { state: 'unknown', latestMb: null, slopeMbPerHour: null };
  const recent = samples.filter((sample) => now - sample.at <= limits.growthWindowMs);
  const covered = recent.length > 0 ? recent.at(-1)!.at - recent[0]!.at : 0;
  const slope = recent.length >= MIN_TREND_SAMPLES && covered >= limits.growthWindowMs * MIN_TREND_COVERAGE ? slopeOf(recent) : null;
  const state = latest.mb > limits.reloadMb ? 'over-threshold' : slope !== null && slope > limits.growthMbPerHour ? 'growing' : 'ok';
  return { state, latestMb: latest.mb, slopeMbPerHour: slope };
}

/** Least-squares slope of MB against time, in MB an hour. */
function slopeOf(samples: readonly MemorySample[]): number {
  const n = samples.length;
  const meanT = samples.reduce((sum, s) => sum + s.at, 0) / n;
  const meanM = samples.reduce((sum, s) => sum + s.mb, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.at - meanT) * (s.mb - meanM);
    den += (s.at - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * HOUR_MS;
}

export type MemoryDecision = { kind: 'none' } | { kind: 'wait'; busy: string[] } | { kind: 'reload' };

/** A reload for memory: only when it is needed, never while the agent is busy, at most once per interval. */
export function decideMemoryReload(input: {
  assessment: MemoryAssessment;
  now: number;
  lastReloadAt: number | null;
  minIntervalMs: number;
  busy: readonly string[];
}): MemoryDecision {
  const { assessment, now, lastReloadAt } = input;
  if (assessment.state !== 'over-threshold' && assessment.state !== 'growing') return { kind: 'none' };
  if (lastReloadAt !== null && now - lastReloadAt < input.minIntervalMs) return { kind: 'none' };
  if (input.busy.length > 0) return { kind: 'wait', busy: [...input.busy] };
  return { kind: 'reload' };
}
