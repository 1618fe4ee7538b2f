import type { Verdict } from '../health/detector.ts';
import { CONNECTION_FAULTS, type FaultCode } from '../health/faults.ts';
import { guidanceFor, type Guidance } from '../recovery/guidance.ts';

/**
 * The one record of the current outage: from the verdict leaving healthy until it is healthy
 * again. Healing, the failover controller and the status all read it; nothing else keeps a copy.
 */
export interface Episode {
  startedAt: number;
  /** The latest verdict (never healthy: a healthy verdict ends the episode). */
  verdict: Verdict;
  /**
   * Since when WhatsApp counts as down for the grace period. A page that fails again after a
   * repair is one trouble, so the count runs on from the episode's first down (a crash loop is
   * not given a fresh grace period per crash). A lost connection that came back ended its outage:
   * the count starts over, so short outages close together never add up to a failover.
   */
  downSince: number | null;
  /** What the agent must do, once a fault only they can fix was confirmed; kept until healthy. */
  guidance: Guidance | null;
  /** The healing ladder climbs the steps taken since `from`; it starts over after a give-up. */
  ladder: { from: number; gaveUp: { fault: FaultCode; at: number } | null };
  /** Faults healing gave up on in this episode; each is escalated once. Any: no point in a grace period. */
  gaveUpOn: FaultCode[];
  /** Faults IT was told of in this episode (each once). */
  itTold: FaultCode[];
  failedOver: boolean;
}

export type EpisodeEvent =
  | { type: 'verdict'; verdict: Verdict }
  | { type: 'gave-up'; fault: FaultCode }
  | { type: 'ladder-restarted' }
  | { type: 'failed-over' }
  | { type: 'it-told'; fault: FaultCode };

/** The episode after an event; null when WhatsApp is healthy (no episode). */
export function stepEpisode(episode: Episode | null, event: EpisodeEvent, now: number): Episode | null {
  if (event.type === 'verdict') return afterVerdict(episode, event.verdict, now);
  if (episode === null) return null;
  switch (event.type) {
    case 'gave-up':
      return {
        ...episode,
        ladder: { ...episode.ladder, gaveUp: { fault: event.fault, at: now } },
        gaveUpOn: episode.gaveUpOn.includes(event.fault) ? episode.gaveUpOn : [...episode.gaveUpOn, event.fault],
      };
    case 'ladder-restarted':
      return { ...episode, ladder: { from: now, gaveUp: null } };
    case 'failed-over':
      return { ...episode, failedOver: true };
    case 'it-told':
      return { ...episode, itTold: [...episode.itTold, event.fault] };
  }
}

function afterVerdict(episode: Episode | null, verdict: Verdict, now: number): Episode | null {
  if (verdict.level === 'healthy') return null;
  const down = verdict.level === 'down';
  const confirmed = down && verdict.fault !== null ? guidanceFor(verdict.fault) : null;
  if (episode === null) {
    return {
      startedAt: now,
      verdict,
      downSince: down ? verdict.since : null,
      guidance: confirmed,
      ladder: { from: now, gaveUp: null },
      gaveUpOn: [],
      itTold: [],
      failedOver: false,
    };
  }
  const previous = episode.verdict;
  const outageOver = !down && previous.level === 'down' && previous.fault !== null && CONNECTION_FAULTS.has(previous.fault);
  const counting = outageOver ? null : episode.downSince;
  return {
    ...episode,
    verdict,
    downSince: counting ?? (down ? verdict.since : null),
    guidance: confirmed ?? episode.guidance,
  };
}
