import { defaultSettings, type PartialSettings } from '../../main/core/config/schema.ts';

/**
 * The thresholds a real seat runs (every `health` key at its shipped default), the independent
 * address being the simulator's stand-in for the rest of the internet. `graceMs` shortens the
 * grace period alone, where a test cannot wait 20 s for a failover.
 */
export function shippedThresholds(independentProbeUrl: string, graceMs?: number): PartialSettings {
  const { health } = defaultSettings();
  return { health: { ...health, independentProbeUrl }, ...(graceMs === undefined ? {} : { failover: { graceMs } }) };
}
