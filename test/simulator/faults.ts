import { z } from 'zod';
import { HttpError, parseInput } from './errors.ts';

export const SIM_FAULTS = [
  'outage',
  'server-error',
  'latency',
  'socket-drop',
  'stuck-pending',
  'media-failure',
  'qr-unavailable',
  'logout',
  'browser-rejected',
  'crash',
  'hang',
  'local-network-down',
  'conflict',
  'account-blocked',
  'captive-portal',
  'proxy-auth',
  'marker-drift',
] as const;

export type SimFault = (typeof SIM_FAULTS)[number];

const noOptions = z.object({}).strict();
const millis = z.int().min(0).max(600_000);

/** What each fault accepts. Defaults let the control panel inject any fault with one click. */
export const FAULT_OPTIONS = {
  outage: noOptions,
  'server-error': noOptions,
  latency: z.object({ ms: millis.default(2_000), jitterMs: millis.default(0) }).strict(),
  'socket-drop': z
    .object({
      /** Accept reconnects but drop each connection after this long: a flapping link. */
      flapMs: z.int().min(50).max(600_000).optional(),
    })
    .strict(),
  'stuck-pending': noOptions,
  'media-failure': noOptions,
  'qr-unavailable': noOptions,
  logout: noOptions,
  'browser-rejected': noOptions,
  crash: noOptions,
  hang: noOptions,
  'local-network-down': noOptions,
  conflict: noOptions,
  'account-blocked': noOptions,
  'captive-portal': noOptions,
  'proxy-auth': noOptions,
  'marker-drift': noOptions,
} satisfies Record<SimFault, z.ZodType>;

export type FaultOptions<F extends SimFault> = z.output<(typeof FAULT_OPTIONS)[F]>;
export type FaultOptionsInput<F extends SimFault> = z.input<(typeof FAULT_OPTIONS)[F]>;
export type ActiveFaultsSnapshot = { [F in SimFault]?: FaultOptions<F> };

/** Faults that act once when injected (the phone unlinks the device) and leave nothing active. */
export const ONE_SHOT_FAULTS: ReadonlySet<SimFault> = new Set<SimFault>(['logout']);

export function parseFaultName(name: string): SimFault {
  const fault = SIM_FAULTS.find((candidate) => candidate === name);
  if (fault === undefined) {
    throw new HttpError(400, `unknown fault '${name}'; expected one of: ${SIM_FAULTS.join(', ')}`);
  }
  return fault;
}

export function parseFaultOptions<F extends SimFault>(fault: F, input: unknown): FaultOptions<F> {
  return parseInput(FAULT_OPTIONS[fault], input ?? {}, `options for fault '${fault}'`) as FaultOptions<F>;
}

/** The faults in force right now, with their options. */
export class ActiveFaults {
  readonly #active = new Map<SimFault, unknown>();

  set<F extends SimFault>(fault: F, options: FaultOptions<F>): void {
    this.#active.set(fault, options);
  }

  get<F extends SimFault>(fault: F): FaultOptions<F> | undefined {
    return this.#active.get(fault) as FaultOptions<F> | undefined;
  }

  has(fault: SimFault): boolean {
    return this.#active.has(fault);
  }

  delete(fault: SimFault): void {
    this.#active.delete(fault);
  }

  names(): SimFault[] {
    return [...this.#active.keys()];
  }

  snapshot(): ActiveFaultsSnapshot {
    return Object.fromEntries(this.#active) as ActiveFaultsSnapshot;
  }
}
