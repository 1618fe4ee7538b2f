import type { Settings } from '../config/schema.ts';
import type { Verdict } from '../health/detector.ts';
import { FAULT_SEVERITY, FAULTS_THAT_PAGE_IT, type FaultCode } from '../health/faults.ts';
import type { IncidentInput } from '../incidents/incident-tracker.ts';
import type { HealingAction, Mode } from '../ipc/contract.ts';
import { stepFailover, type FailoverEvent, type FailoverState, type ModeSwitch } from '../failover/controller.ts';
import type { HealingRecord } from '../recovery/ladder.ts';
import { planHealing } from '../recovery/plan.ts';
import { stepEpisode, type Episode } from './episode.ts';

/** Everything the kiosk decides about an outage from, in one value. */
export interface OutageState {
  episode: Episode | null;
  failover: FailoverState;
  /** Every healing action of the last hour, oldest first: the rolling cap counts these. */
  history: HealingRecord[];
  /** A healing action is running. */
  healing: boolean;
  /** When the last healing action finished. */
  healingDoneAt: number | null;
}

export type Trigger =
  | { type: 'verdict'; verdict: Verdict }
  | { type: 'tick' }
  | { type: 'agent-force'; mode: Mode | 'auto' }
  | { type: 'agent-typing' }
  | { type: 'healing-done' };

/** What the health monitor sees right now, beyond its verdict. */
export interface Observation {
  now: number;
  fault: FaultCode | null;
  networkLooksFine: boolean;
}

/** A decision and the effects it asks for, in the order they are to happen. */
export interface Decision {
  state: OutageState;
  /** Timeline entries for the incident record. */
  incidents: IncidentInput[];
  switched: ModeSwitch | null;
  heal: { action: HealingAction; fault: FaultCode } | null;
  /** Healing gave up; `escalate` the first time for this fault in the episode. */
  gaveUp: { fault: FaultCode; reason: string; escalate: boolean } | null;
  /** A fault IT must hear of was confirmed (once per episode and fault). */
  tellIt: FaultCode | null;
}

const HISTORY_MS = 3_600_000;

/**
 * The kiosk's brain as one pure step: a trigger (a verdict, time passing, the agent) moves the
 * episode, then the mode, then the healing ladder. The whole story of an outage (down, heal,
 * heal again, give up, fail over, keep retrying, fail back) is a sequence of these.
 */
export function decide(
  state: OutageState,
  trigger: Trigger,
  obs: Observation,
  settings: Pick<Settings, 'failover' | 'recovery' | 'health'>,
): Decision {
  const { now } = obs;
  const incidents: IncidentInput[] = [];
  let { episode, failover, history } = state;
  let healing = trigger.type === 'healing-done' ? false : state.healing;
  const healingDoneAt = trigger.type === 'healing-done' ? now : state.healingDoneAt;
  let switched: ModeSwitch | null = null;
  let tellIt: FaultCode | null = null;

  if (trigger.type === 'verdict') {
    const { verdict } = trigger;
    if (verdict.level === 'healthy' && episode && !episode.failedOver) {
      // Healing gets the credit only when WhatsApp came back without a failover.
      const start = episode.startedAt;
      const last = history.findLast((record) => record.at >= start);
      if (last) incidents.push({ at: now, type: 'healed', action: last.action });
    }
    incidents.push({ at: now, type: 'verdict', verdict });
    const next = stepEpisode(episode, trigger, now);
    if (next?.guidance && next.guidance !== episode?.guidance) incidents.push({ at: now, type: 'guidance', guidance: next.guidance });
    episode = next;
    if (episode && mustTellIt(verdict) && verdict.fault && !episode.itTold.includes(verdict.fault)) {
      tellIt = verdict.fault;
      episode = stepEpisode(episode, { type: 'it-told', fault: verdict.fault }, now);
      incidents.push({ at: now, type: 'note', text: `IT told: ${verdict.fault}` });
    }
  }
  if (trigger.type === 'agent-force') incidents.push({ at: now, type: 'agent-mode', mode: trigger.mode });

  const mode = (event: FailoverEvent) => {
    const result = stepFailover(failover, event, episode, now, settings.failover);
    failover = result.state;
    if (!result.switched) return;
    switched = result.switched;
    incidents.push({ at: now, type: 'switch', to: result.switched.to, reason: result.switched.reason });
    if (result.switched.to === 'failover') episode = stepEpisode(episode, { type: 'failed-over' }, now);
  };
  mode(trigger.type === 'agent-force' || trigger.type === 'agent-typing' ? trigger : { type: 'evaluate' });

  const plan = planHealing({
    episode,
    fault: obs.fault,
    networkLooksFine: obs.networkLooksFine,
    history,
    inFlight: healing,
    lastDoneAt: healingDoneAt,
    now,
    settings,
  });
  let heal: Decision['heal'] = null;
  let gaveUp: Decision['gaveUp'] = null;
  if (plan.kind !== 'none' && plan.restartLadder) episode = stepEpisode(episode, { type: 'ladder-restarted' }, now);
  if (plan.kind === 'heal') {
    history = [...history.filter((record) => now - record.at < HISTORY_MS), { action: plan.action, at: now, fault: plan.fault }];
    healing = true;
    heal = { action: plan.action, fault: plan.fault };
    incidents.push({ at: now, type: 'healing', action: plan.action, fault: plan.fault });
  } else if (plan.kind === 'give-up') {
    episode = stepEpisode(episode, { type: 'gave-up', fault: plan.fault }, now);
    gaveUp = { fault: plan.fault, reason: plan.reason, escalate: plan.firstTime };
    if (plan.firstTime) incidents.push({ at: now, type: 'gave-up', fault: plan.fault, reason: plan.reason });
    // Nothing left to try in the page: no reason to wait out the grace period.
    mode({ type: 'evaluate' });
  }
  return { state: { episode, failover, history, healing, healingDoneAt }, incidents, switched, heal, gaveUp, tellIt };
}

/**
 * IT hears of a fault it must act on once it is confirmed: down, or for a warning (the probe
 * cannot see) as soon as it shows, since a warning never goes down.
 */
function mustTellIt(verdict: Verdict): boolean {
  const { fault, level } = verdict;
  if (fault === null || !FAULTS_THAT_PAGE_IT.has(fault)) return false;
  return level === 'down' || (level === 'degraded' && FAULT_SEVERITY[fault] === 'warning');
}
