import type { FaultCode } from '../../../main/core/health/faults.ts';
import type { Heartbeat, Report, SeatEvent } from '../../../main/core/reporter/wire.ts';

/** What a healthy seat on WhatsApp says in every heartbeat: nothing changed. */
export function quietHeartbeat(now: number): Heartbeat {
  return {
    level: 'healthy',
    fault: null,
    healthSince: now,
    mode: 'whatsapp',
    modeSince: now,
    appVersion: '0.1.0',
    whatsappVersion: '2.3000.1',
    memoryMb: 250,
  };
}

/**
 * A simulated workstation: enrolled like a real one, it heartbeats on its own timer and, when its
 * state changes, sends the incident events a kiosk would (first signal, detected, failover, recovered).
 */
export class SimulatedSeat {
  readonly id: string;
  readonly #hubUrl: string;
  readonly #token: string;
  #beat: Heartbeat;
  #events: SeatEvent[] = [];
  #seq = 0;
  #incident = 0;
  #n = Date.now();
  #timer: ReturnType<typeof setInterval> | null = null;
  platform: unknown = null;
  failures = 0;

  constructor(hubUrl: string, id: string, token: string) {
    this.#hubUrl = hubUrl;
    this.id = id;
    this.#token = token;
    const now = Date.now();
    this.#beat = quietHeartbeat(now);
  }

  static async enrol(
    hubUrl: string,
    id: string,
    enrolmentToken: string,
    scope: { team?: string; site?: string } = {},
  ): Promise<SimulatedSeat> {
    const response = await fetch(new URL('api/v1/enrol', hubUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enrolmentToken, seatId: id, ...scope }),
    });
    if (!response.ok) throw new Error(`enrol ${id}: HTTP ${response.status}`);
    return new SimulatedSeat(hubUrl, id, ((await response.json()) as { deviceToken: string }).deviceToken);
  }

  /** Heartbeats every `ms` until stopped. */
  run(ms: number): void {
    this.#timer = setInterval(() => {
      this.send().catch(() => this.failures++);
    }, ms);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  /** The seat goes down with `fault` (in failover or not), or recovers with null. */
  set(fault: FaultCode | null, mode: 'whatsapp' | 'failover' = 'whatsapp'): void {
    const now = Date.now();
    const event = (kind: SeatEvent['kind'], eventFault: FaultCode | null) =>
      this.#events.push({ seq: ++this.#seq, incident: this.#incident, at: now, kind, fault: eventFault });
    if (fault !== null && this.#beat.fault === null) {
      this.#incident++;
      event('first-signal', fault);
      event('detected', fault);
    }
    if (mode === 'failover' && this.#beat.mode !== 'failover') event('failover', null);
    if (fault === null && this.#beat.fault !== null) event('recovered', null);
    this.#beat = {
      ...this.#beat,
      level: fault === null ? 'healthy' : 'down',
      fault,
      healthSince: fault === this.#beat.fault ? this.#beat.healthSince : now,
      mode,
      modeSince: mode === this.#beat.mode ? this.#beat.modeSince : now,
    };
  }

  /** One report; the hub's acknowledgement drops the events it holds. Returns the ingest latency. */
  async send(): Promise<number> {
    const events = this.#events.slice(0, 200);
    const report: Report = { n: ++this.#n, sentAt: Date.now(), heartbeat: this.#beat, events };
    const started = performance.now();
    const response = await fetch(new URL('api/v1/report', this.#hubUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#token}` },
      body: JSON.stringify(report),
    });
    const elapsed = performance.now() - started;
    if (!response.ok) throw new Error(`report ${this.id}: HTTP ${response.status}`);
    const answer = (await response.json()) as { ackedSeq: number; platform: unknown };
    this.#events = this.#events.filter((event) => event.seq > answer.ackedSeq);
    this.platform = answer.platform;
    return elapsed;
  }
}
