import type { Settings } from '../config/schema.ts';
import type { Verdict } from '../health/detector.ts';
import type { FaultCode } from '../health/faults.ts';
import type { IncidentInput } from '../incidents/incident-tracker.ts';
import type { Mode } from '../ipc/contract.ts';
import type { Logger } from '../log/logger.ts';
import type { Clock } from '../ports.ts';
import type { Healer } from '../recovery/healer.ts';
import type { StatusBoard } from '../status/status-board.ts';
import type { FrontView } from '../ui/front-view.ts';
import { initialFailoverState } from '../failover/controller.ts';
import { guarded } from '../runtime/guarded.ts';
import { decide, type Decision, type OutageState, type Trigger } from './decide.ts';

export interface OutageSupervisorDeps {
  settings: Pick<Settings, 'failover' | 'recovery' | 'health'>;
  clock: Clock;
  log: Logger;
  incidents: { track(input: IncidentInput): void };
  /** The health monitor's current view. */
  health: { readonly activeFaults: FaultCode[]; readonly networkLooksFine: boolean };
  healer: Healer;
  front: FrontView;
  status: StatusBoard;
}

/**
 * Runs the kiosk's brain (decide.ts): feeds it verdicts, time and the agent's choices, and
 * carries out what each decision asks, in order: the incident timeline, one status publish,
 * the view, then the healing step (which runs on while later decisions are made).
 */
export class OutageSupervisor {
  readonly #deps: OutageSupervisorDeps;
  #state: OutageState;

  constructor(deps: OutageSupervisorDeps) {
    this.#deps = deps;
    this.#state = { episode: null, failover: initialFailoverState(deps.clock.now()), history: [], healing: false, healingDoneAt: null };
  }

  get state(): OutageState {
    return this.#state;
  }

  onVerdict(verdict: Verdict): Promise<void> {
    return this.#decide({ type: 'verdict', verdict });
  }

  /** Time-based decisions: the grace period, the typing hold, the next healing step. */
  tick(): Promise<void> {
    return this.#decide({ type: 'tick' });
  }

  agentChoseMode(mode: Mode | 'auto'): Promise<void> {
    this.#deps.log.info({ mode }, 'agent chose mode');
    return this.#decide({ type: 'agent-force', mode });
  }

  agentTyping(): Promise<void> {
    return this.#decide({ type: 'agent-typing' });
  }

  async #decide(trigger: Trigger): Promise<void> {
    const { clock, health, settings } = this.#deps;
    const observation = { now: clock.now(), fault: health.activeFaults[0] ?? null, networkLooksFine: health.networkLooksFine };
    const decision = decide(this.#state, trigger, observation, settings);
    this.#state = decision.state;
    this.#record(decision);
    const { failover, episode, history } = decision.state;
    const last = history.at(-1);
    this.#deps.status.set({
      mode: failover.mode,
      modeReason: failover.modeReason,
      forced: failover.forced,
      guidance: episode?.guidance ?? null,
      lastHealing: last ? { action: last.action, at: last.at, fault: last.fault } : null,
    });
    this.#deps.status.publish();
    if (decision.switched) await this.#deps.front.setMode(decision.switched.to);
    const heal = decision.heal;
    if (heal) {
      guarded(this.#deps.log, 'healing', async () => {
        try {
          await this.#deps.healer.run(heal.action, heal.fault);
        } finally {
          await this.#decide({ type: 'healing-done' });
        }
      });
    }
  }

  #record(decision: Decision): void {
    const { log, incidents } = this.#deps;
    for (const input of decision.incidents) incidents.track(input);
    if (decision.switched) {
      const { to, reason, fault } = decision.switched;
      log.warn({ to, reason, fault }, 'mode switched');
    }
    const gaveUp = decision.gaveUp;
    if (gaveUp?.escalate) log.warn({ fault: gaveUp.fault, reason: gaveUp.reason }, 'healing gave up');
    // Until the supervisors' hub exists, IT hears of it through this log line (it: true).
    if (decision.tellIt) log.error({ fault: decision.tellIt, it: true }, 'IT must look at this workstation');
  }
}
