import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Report, ReportAnswer } from '../main/core/reporter/wire.ts';
import { AlertSender, type SmtpSettings } from './alerts.ts';
import { decideEscalation, escalationSchema, isQuiet, type EscalationPolicy } from './escalation.ts';
import { decideFleetOutage, type OutagePolicy } from './fleet-outage.ts';
import { isChange, stateOf, type HubChange, type HubIncident, type PlatformIncident, type SeatView } from './model.ts';
import { GroupCommit } from './ingest/group-commit.ts';
import type { HubStore, IncidentNotice, ReportWrite, SeenEntry, ViewNotice, WriteOutcome } from './store/store.ts';

export interface HubOptions {
  heartbeatMs: number;
  /** A seat silent for this many heartbeats is offline. */
  missedBeats: number;
  outage: OutagePolicy;
  /** The initial escalation policy, until IT saves one in the dashboard (kept in the database). */
  escalation: EscalationPolicy;
  smtp: SmtpSettings | null;
  dashboardUrl: string;
  now?: () => number;
  onError?: (what: string, error: unknown) => void;
}

/** What dashboards are told, live. */
export type LiveMessage =
  { type: 'seat'; seat: SeatView } | { type: 'incident'; incident: HubIncident } | { type: 'platform'; platforms: PlatformIncident[] };

export type ReportOutcome = { ok: true; answer: ReportAnswer } | { ok: false; status: 401 | 409; error: string; lastN?: number };

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
/** 256 random bits: no guessing, so a fast hash is enough to store it (argon2 is for passwords people choose). */
export const newToken = (): string => randomBytes(32).toString('base64url');

const FLUSH_MS = 2_000;

/**
 * One hub process. The floor lives in memory: a heartbeat that changes nothing only moves "last
 * seen" (flushed in batches every 2 s); a change or incident events are written before they are
 * answered, together with the other reports arriving meanwhile (group commit), and the notices
 * carry the seat's and the incidents' new views: this hub updates its floor from the write, the
 * others from the notice, no hub reads them back.
 * The leading hub (one per database) marks silent seats offline, decides fleet-wide outages and
 * sends alerts.
 */
export class Hub {
  readonly store: HubStore;
  readonly options: HubOptions;
  readonly #seats = new Map<string, SeatView>();
  readonly #lastN = new Map<string, number>();
  /** The highest event seq held per seat, as far as this hub knows: answered without a query. */
  readonly #ackedSeq = new Map<string, number>();
  readonly #tokens = new Map<string, string>();
  readonly #seen = new Map<string, SeenEntry>();
  /** The request number of the change each seat's view shows: a notice and an answer can cross. */
  readonly #viewN = new Map<string, number>();
  readonly #listeners = new Set<(message: LiveMessage) => void>();
  /** This process, in its own notices: it has shown those changes already. */
  readonly #id = randomUUID();
  readonly #writes: GroupCommit<ReportWrite & { key: string }, WriteOutcome>;
  readonly #sender: AlertSender;
  readonly #now: () => number;
  #platforms: PlatformIncident[] = [];
  #escalation: EscalationPolicy;
  #timers: ReturnType<typeof setInterval>[] = [];
  #ticking = false;

  constructor(store: HubStore, options: HubOptions) {
    this.store = store;
    this.options = options;
    this.#now = options.now ?? Date.now;
    this.#sender = new AlertSender(options.smtp);
    this.#escalation = options.escalation;
    this.#writes = new GroupCommit((reports) => this.store.writeReports(reports, this.#id));
  }

  async start(): Promise<void> {
    for (const seat of await this.store.seats()) this.#seats.set(seat.id, seat);
    // A hub started before the morning's reports answers them without a query per seat.
    for (const key of await this.store.seatKeys()) {
      this.#tokens.set(key.tokenHash, key.id);
      this.#lastN.set(key.id, key.lastN);
      this.#ackedSeq.set(key.id, key.ackedSeq);
    }
    this.#platforms = await this.store.openPlatforms();
    await this.#loadEscalation();
    await this.store.driver.listen((payload) => {
      this.#guard('change notice', this.#onChange(JSON.parse(payload) as HubChange | ViewNotice | IncidentNotice));
    });
    this.#timers.push(setInterval(() => this.#guard('tick', this.tick()), FLUSH_MS));
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await this.flush();
    this.#sender.close();
  }

  get seats(): SeatView[] {
    return [...this.#seats.values()];
  }

  get platforms(): PlatformIncident[] {
    return this.#platforms;
  }

  /** The escalation policy in force: the one saved in the dashboard, else the config file's. */
  get escalation(): EscalationPolicy {
    return this.#escalation;
  }

  /** Saves a (validated) policy for every hub on this database; returns the one it replaced. */
  async saveEscalation(policy: EscalationPolicy, by: string): Promise<EscalationPolicy> {
    const before = this.#escalation;
    await this.store.saveSetting('escalation', JSON.stringify(policy), this.#now(), by);
    this.#escalation = policy;
    await this.#announce({ t: 'settings' });
    return before;
  }

  /** Acknowledges a fleet-wide outage: its repeats (sent through its representative seat incident) stop. */
  async acknowledgePlatform(id: number, by: string): Promise<boolean> {
    const done = await this.store.acknowledgePlatform(id, by, this.#now());
    if (done) await this.#announce({ t: 'platform' });
    return done;
  }

  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async createEnrolmentToken(scope: { team?: string; site?: string; expiresAt?: number } = {}): Promise<string> {
    const token = newToken();
    await this.store.addEnrolmentToken(hashToken(token), scope, this.#now());
    return token;
  }

  async enrol(request: { enrolmentToken: string; seatId: string; team?: string; site?: string }) {
    const deviceToken = `${request.seatId}.${newToken()}`;
    const result = await this.store.enrol({
      tokenHash: hashToken(request.enrolmentToken),
      seatId: request.seatId,
      deviceHash: hashToken(deviceToken),
      now: this.#now(),
      ...(request.team ? { team: request.team } : {}),
      ...(request.site ? { site: request.site } : {}),
    });
    if (result !== 'ok') return { result } as const;
    await this.#announce({ t: 'seat', id: request.seatId });
    return { result, deviceToken } as const;
  }

  /** The seat a device token belongs to; null for an unknown or revoked one. */
  async authenticate(deviceToken: string): Promise<string | null> {
    const hash = hashToken(deviceToken);
    const cached = this.#tokens.get(hash);
    if (cached !== undefined) return this.#seats.get(cached)?.revoked === false ? cached : null;
    const seat = await this.store.seatForToken(hash);
    if (!seat || seat.revoked) return null;
    this.#tokens.set(hash, seat.id);
    if (!this.#lastN.has(seat.id)) this.#lastN.set(seat.id, seat.lastN);
    return seat.id;
  }

  async report(seatId: string, report: Report): Promise<ReportOutcome> {
    const seat = this.#seats.get(seatId) ?? (await this.store.seat(seatId));
    if (!seat || seat.revoked) return { ok: false, status: 401, error: 'unknown or revoked seat' };
    const lastN = this.#lastN.get(seatId) ?? 0;
    if (report.n <= lastN) return { ok: false, status: 409, error: 'replayed or out-of-date request', lastN };
    const now = this.#now();
    const { heartbeat } = report;
    let ackedSeq = this.#ackedSeq.get(seatId);
    const change = isChange(seat, heartbeat) ? { state: stateOf(heartbeat), heartbeat } : null;
    if (!change) {
      // Checked against what this hub has seen: a quiet beat replayed to another hub before it heard
      // of newer requests is answered, but the flush writes only beats newer than the database's.
      this.#lastN.set(seatId, report.n);
      this.#seats.set(seatId, { ...seat, heartbeat, lastSeen: now });
      this.#seen.set(seatId, { id: seatId, seen: now, n: report.n, heartbeat });
    }
    if (change || report.events.length > 0) {
      const written = await this.#writes.submit({ key: seatId, id: seatId, n: report.n, at: now, change, events: report.events });
      if (!written.ok) return { ok: false, status: 409, error: 'replayed or out-of-date request', lastN: written.lastN ?? lastN };
      if (written.view) this.#show(written.view, report.n);
      ackedSeq = written.ackedSeq;
    } else if (ackedSeq === undefined) {
      const [row] = await this.store.driver.query<{ acked_seq: number }>('SELECT acked_seq FROM seats WHERE id = ?', [seatId]);
      ackedSeq = row?.acked_seq ?? 0;
    }
    this.#ackedSeq.set(seatId, ackedSeq);
    const platform = this.#platforms.find((incident) => incident.fault === heartbeat.fault) ?? null;
    return {
      ok: true,
      answer: {
        ackedSeq,
        platform: platform && { id: platform.id, fault: platform.fault, since: platform.startedAt, seats: platform.seats },
        heartbeatMs: this.options.heartbeatMs,
      },
    };
  }

  async revoke(seatId: string): Promise<boolean> {
    const done = await this.store.revokeSeat(seatId, this.#now());
    if (!done) return false;
    // Refused here at once; the other hubs within the notice's few milliseconds.
    const seat = this.#seats.get(seatId);
    if (seat) this.#seats.set(seatId, { ...seat, revoked: true });
    await this.#announce({ t: 'revoked', id: seatId });
    return done;
  }

  async acknowledge(incidentId: number, by: string): Promise<boolean> {
    const done = await this.store.acknowledge(incidentId, by, this.#now());
    if (done) await this.#announce({ t: 'incident', id: incidentId });
    return done;
  }

  /** Writes "last seen" of the quiet heartbeats; then, if this hub leads, sweeps, outages, alerts. */
  async tick(): Promise<void> {
    if (this.#ticking) return;
    this.#ticking = true;
    try {
      await this.flush();
      if (!(await this.store.driver.tryLead())) return;
      const now = this.#now();
      const silence = this.options.heartbeatMs * this.options.missedBeats + FLUSH_MS;
      for (const { view, n } of await this.store.markOffline(now - silence, now, this.#id)) this.#show(view, n);
      await this.#fleetOutage(now);
      await this.#escalate(now);
    } finally {
      this.#ticking = false;
    }
  }

  async flush(): Promise<void> {
    const entries = [...this.#seen.values()];
    this.#seen.clear();
    try {
      await this.store.flushSeen(entries);
    } catch (error) {
      // Kept for the next flush, unless the seat has beaten again since.
      for (const entry of entries) if (!this.#seen.has(entry.id)) this.#seen.set(entry.id, entry);
      throw error;
    }
  }

  async #fleetOutage(now: number): Promise<void> {
    const open = await this.store.openPlatforms();
    const attachedRows = await this.store.driver.query<{ seat_id: string }>(
      'SELECT DISTINCT seat_id FROM incidents WHERE platform_id IS NOT NULL AND recovered_at IS NULL',
    );
    const decision = decideFleetOutage(this.seats, open, new Set(attachedRows.map((row) => row.seat_id)), now, this.options.outage);
    for (const declared of decision.declare) await this.store.declarePlatform(declared.fault, declared.seats, now);
    for (const attach of decision.attach) await this.store.attachToPlatform(attach.id, attach.seats, attach.reporting);
    for (const id of decision.end) await this.store.endPlatform(id, now);
    if (decision.declare.length + decision.attach.length + decision.end.length > 0) await this.#announce({ t: 'platform' });
  }

  async #escalate(now: number): Promise<void> {
    const policy = this.#escalation;
    if (policy.levels.length === 0) return;
    const quiet = isQuiet(policy.quietHours, minuteOfDay(now, policy.quietHours?.timeZone ?? 'UTC'));
    // Every open incident, not a page of them: a fleet-wide outage's representative (its lowest id) must be among them.
    const incidents = await this.store.incidents({ open: true, limit: Number.MAX_SAFE_INTEGER });
    // A fleet-wide outage is escalated once, through its first seat incident, not once per seat.
    const representative = new Map<number, number>();
    for (const incident of incidents) {
      if (incident.platformId === null) continue;
      const first = representative.get(incident.platformId);
      if (first === undefined || incident.id < first) representative.set(incident.platformId, incident.id);
    }
    for (const incident of incidents) {
      if (incident.platformId !== null && representative.get(incident.platformId) !== incident.id) continue;
      const platformAck = this.#platforms.find((p) => p.id === incident.platformId)?.ackedAt ?? null;
      const step = decideEscalation({ ...incident, ackedAt: incident.ackedAt ?? platformAck }, policy, now, quiet);
      if (!step) continue;
      await this.store.escalated(incident.id, step.patch);
      const platformSeats =
        incident.platformId === null ? null : (this.#platforms.find((p) => p.id === incident.platformId)?.seats ?? null);
      for (const { level, kind } of step.send) {
        const spec = policy.levels[level - 1]!;
        for (const channel of spec.channels) {
          const message = { kind, level, levelName: spec.name, incident, platformSeats, dashboardUrl: this.options.dashboardUrl };
          for (const result of await this.#sender.send(channel, message)) {
            await this.store.recordAlert({ at: now, incidentId: incident.id, level, kind, channel: channel.type, ...result });
          }
        }
      }
      await this.#announce({ t: 'incident', id: incident.id });
    }
  }

  async #announce(change: HubChange): Promise<void> {
    await this.store.driver.notify(JSON.stringify(change));
  }

  /** A seat's new view, from this hub's write or another's notice; an older one than shown is dropped. */
  #show(view: SeatView, n: number): void {
    if (n < (this.#viewN.get(view.id) ?? 0)) return;
    this.#viewN.set(view.id, n);
    if (n > (this.#lastN.get(view.id) ?? 0)) this.#lastN.set(view.id, n);
    this.#seats.set(view.id, view);
    this.#emit({ type: 'seat', seat: view });
  }

  async #onChange(change: HubChange | ViewNotice | IncidentNotice): Promise<void> {
    switch (change.t) {
      case 'view':
        if (change.from !== this.#id) this.#show(change.seat, change.n);
        return;
      case 'incident-view':
        this.#emit({ type: 'incident', incident: change.incident });
        return;
      case 'seat':
      case 'revoked': {
        const seat = await this.store.seat(change.id);
        if (!seat) return;
        this.#seats.set(seat.id, { ...seat, heartbeat: seat.heartbeat ?? this.#seats.get(seat.id)?.heartbeat ?? null });
        this.#emit({ type: 'seat', seat });
        return;
      }
      case 'incident': {
        const incident = await this.store.incident(change.id);
        if (incident) this.#emit({ type: 'incident', incident });
        return;
      }
      case 'platform':
        this.#platforms = await this.store.openPlatforms();
        this.#emit({ type: 'platform', platforms: this.#platforms });
        return;
      case 'settings':
        await this.#loadEscalation();
    }
  }

  async #loadEscalation(): Promise<void> {
    const saved = await this.store.setting('escalation');
    if (!saved) return;
    // A saved policy this hub cannot read (edited by hand, or from a newer hub) leaves the one in force, and says so.
    let value: unknown = null;
    try {
      value = JSON.parse(saved.value);
    } catch {
      // Not JSON: refused below like any other bad value.
    }
    const parsed = escalationSchema.safeParse(value);
    if (parsed.success) this.#escalation = parsed.data;
    else this.options.onError?.('saved escalation policy', parsed.error);
  }

  #emit(message: LiveMessage): void {
    for (const listener of this.#listeners) listener(message);
  }

  #guard(what: string, promise: Promise<unknown>): void {
    promise.catch((error: unknown) => (this.options.onError ?? (() => undefined))(what, error));
  }
}

function minuteOfDay(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}
