import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';
import type { KioskStatus } from '../ipc/contract.ts';
import type { Logger } from '../log/logger.ts';
import { plainSecretResolver, secretRefOf } from '../outbox/secrets.ts';
import type { Clock } from '../ports.ts';
import { Timers } from '../runtime/guarded.ts';
import type { Settings } from '../config/schema.ts';
import { heartbeatOf, REPORTED_KINDS, seatEventOf, type IncidentEventRow, type TelemetrySource } from './telemetry.ts';
import { enrolAnswerSchema, REPORT_MAX_EVENTS, reportAnswerSchema, type Report, type ReportAnswer } from './wire.ts';

/** Encrypts secrets at rest where the shell can (Electron's safeStorage); absent, they are kept as they are. */
export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export type PlatformOutage = NonNullable<ReportAnswer['platform']>;

export interface ReporterDeps {
  settings: Pick<Settings, 'hub' | 'kiosk'>;
  db: Db;
  writeGate: WriteGate;
  clock: Clock;
  log: Logger;
  status: () => KioskStatus;
  appVersion: string;
  whatsappVersion: () => string | null;
  memoryMb: () => Promise<number | null>;
  telemetry?: TelemetrySource;
  secretBox?: SecretBox;
  /** The hub says this seat is part of a fleet-wide outage (or no longer is). */
  onPlatform?: (platform: PlatformOutage | null) => void;
  fetch?: typeof fetch;
  env?: Record<string, string | undefined>;
}

interface Link {
  hub_url: string;
  seat_id: string;
  device_token: string;
  encrypted: number;
  delivered_seq: number;
  last_n: number;
}

const EVENT_CHECK_MS = 1_000;
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The seat's side of the supervisors' hub. It enrols once (IT's enrolment token, by reference),
 * then sends a heartbeat at the hub's own interval (`hub.heartbeatMs` until the hub has said it) and
 * incident events as soon as they are recorded.
 * Events are not copied anywhere: they are the incident store's own rows, and a cursor in
 * `hub_link` says how far the hub has acknowledged them, so a hub that is away for hours gets
 * everything afterwards, in order, and each event once (the hub keeps each seq once).
 */
export class HubReporter {
  readonly #deps: ReporterDeps;
  readonly #timers: Timers;
  #n = 0;
  #lastBeat = 0;
  #modeSince: { mode: KioskStatus['mode']; since: number } | null = null;
  #platform: PlatformOutage | null = null;
  /** The hub's interval, once it has answered: it decides when a silent seat is offline, so it wins. */
  #hubBeatMs: number | null = null;

  constructor(deps: ReporterDeps) {
    this.#deps = deps;
    this.#timers = new Timers(deps.clock, deps.log);
  }

  start(): void {
    if (!this.#deps.settings.hub.url) return;
    // Checked every second: an event goes out at once, a heartbeat when one is due.
    this.#timers.every(EVENT_CHECK_MS, 'hub report', () => this.beat(false));
  }

  stop(): void {
    this.#timers.stop();
  }

  /** How often a heartbeat goes now. */
  get heartbeatMs(): number {
    return this.#hubBeatMs ?? this.#deps.settings.hub.heartbeatMs;
  }

  /** Events waiting for the hub. */
  get pending(): number {
    const link = this.#link();
    return this.#countAfter(link?.delivered_seq ?? 0);
  }

  /**
   * One round: enrol if needed, then send when a heartbeat is due or events wait (`force` sends
   * anyway). Errors are logged, never thrown: an unreachable hub must not disturb the kiosk.
   */
  async beat(force = true): Promise<boolean> {
    const { hub } = this.#deps.settings;
    const now = this.#deps.clock.now();
    this.#trackMode(now);
    if (!hub.url) return false;
    let link = this.#link();
    if (!link || link.hub_url !== hub.url) {
      link = await this.#enrol(hub.url);
      if (!link) return false;
    }
    const events = this.#eventsAfter(link.delivered_seq);
    if (!force && events.length === 0 && now - this.#lastBeat < this.heartbeatMs) return false;
    this.#lastBeat = now;
    const report: Report = {
      n: this.#nextN(link),
      sentAt: now,
      heartbeat: heartbeatOf(this.#deps.status(), this.#modeSince!.since, {
        ...(this.#deps.telemetry?.() ?? {}),
        appVersion: this.#deps.appVersion,
        whatsappVersion: this.#deps.whatsappVersion(),
        memoryMb: await this.#deps.memoryMb().catch(() => null),
      }),
      events,
    };
    const response = await this.#post(new URL('api/v1/report', hub.url), report, this.#token(link)).catch((error: unknown) => {
      this.#deps.log.warn({ err: String(error), pending: events.length }, 'hub unreachable; events wait in the database');
      return null;
    });
    if (!response) return false;
    if (response.status === 409) {
      // Our counter is behind the hub's (a clock set back): continue after the hub's.
      const body = (await response.json().catch(() => ({}))) as { lastN?: number };
      if (typeof body.lastN === 'number') this.#n = body.lastN;
      return false;
    }
    if (response.status === 401) {
      this.#deps.log.error({ it: true, seat: link.seat_id }, 'the hub refused this seat (revoked?); IT must enrol it again');
      return false;
    }
    if (!response.ok) {
      this.#deps.log.warn({ status: response.status }, 'hub refused the report');
      return false;
    }
    const answer = reportAnswerSchema.parse(await response.json());
    this.#hubBeatMs = answer.heartbeatMs;
    this.#delivered(Math.max(link.delivered_seq, Math.min(answer.ackedSeq, events.at(-1)?.seq ?? link.delivered_seq)), report.n);
    if (JSON.stringify(answer.platform) !== JSON.stringify(this.#platform)) {
      this.#platform = answer.platform;
      this.#deps.onPlatform?.(answer.platform);
    }
    return true;
  }

  #trackMode(now: number): void {
    const { mode } = this.#deps.status();
    if (this.#modeSince?.mode !== mode) this.#modeSince = { mode, since: now };
  }

  async #enrol(url: string): Promise<Link | null> {
    const { hub, kiosk } = this.#deps.settings;
    const enrolmentToken = this.#enrolmentToken();
    if (!enrolmentToken) {
      this.#deps.log.error({ it: true }, 'hub.url is set but hub.enrolmentTokenRef gives no enrolment token');
      return null;
    }
    const body = { enrolmentToken, seatId: kiosk.seatId, ...(hub.team ? { team: hub.team } : {}), ...(hub.site ? { site: hub.site } : {}) };
    const response = await this.#post(new URL('api/v1/enrol', url), body, null).catch((error: unknown) => {
      this.#deps.log.warn({ err: String(error) }, 'hub unreachable for enrolment');
      return null;
    });
    if (!response) return null;
    if (!response.ok) {
      this.#deps.log.error({ it: true, status: response.status }, 'the hub refused the enrolment');
      return null;
    }
    const { deviceToken, seatId } = enrolAnswerSchema.parse(await response.json());
    const box = this.#deps.secretBox;
    const link: Link = {
      hub_url: url,
      seat_id: seatId,
      device_token: box ? box.encrypt(deviceToken) : deviceToken,
      encrypted: box ? 1 : 0,
      delivered_seq: 0,
      last_n: 0,
    };
    this.#deps.writeGate.run(() => {
      this.#deps.db
        .prepare(
          `INSERT OR REPLACE INTO hub_link (id, hub_url, seat_id, device_token, encrypted, delivered_seq, last_n)
           VALUES (1, @hub_url, @seat_id, @device_token, @encrypted, @delivered_seq, @last_n)`,
        )
        .run(link);
    });
    this.#deps.log.info({ seat: seatId, encrypted: link.encrypted === 1 }, 'enrolled with the hub');
    return link;
  }

  #enrolmentToken(): string | null {
    const ref = this.#deps.settings.hub.enrolmentTokenRef;
    if (!ref) return null;
    try {
      return (
        plainSecretResolver(this.#deps.env ?? process.env)
          .resolve(secretRefOf(ref))
          .trim() || null
      );
    } catch (error) {
      this.#deps.log.error({ it: true, err: String(error) }, 'cannot read the hub enrolment token');
      return null;
    }
  }

  #token(link: Link): string {
    return link.encrypted === 1 && this.#deps.secretBox ? this.#deps.secretBox.decrypt(link.device_token) : link.device_token;
  }

  /** Strictly increasing across restarts: from the clock, never below the last one used. */
  #nextN(link: Link): number {
    this.#n = Math.max(this.#n + 1, link.last_n + 1, this.#deps.clock.now());
    return this.#n;
  }

  #link(): Link | null {
    return (this.#deps.db.prepare('SELECT * FROM hub_link WHERE id = 1').get() as Link | undefined) ?? null;
  }

  #eventsAfter(seq: number) {
    const rows = this.#deps.db
      .prepare(
        `SELECT id, incident_id, at, kind, detail FROM incident_events WHERE id > ? AND kind IN (${REPORTED_KINDS.map(() => '?').join(', ')})
         ORDER BY id LIMIT ?`,
      )
      .all(seq, ...REPORTED_KINDS, REPORT_MAX_EVENTS) as IncidentEventRow[];
    return rows.flatMap((row) => seatEventOf(row) ?? []);
  }

  #countAfter(seq: number): number {
    const row = this.#deps.db
      .prepare(`SELECT COUNT(*) AS n FROM incident_events WHERE id > ? AND kind IN (${REPORTED_KINDS.map(() => '?').join(', ')})`)
      .get(seq, ...REPORTED_KINDS) as { n: number };
    return row.n;
  }

  #delivered(seq: number, n: number): void {
    this.#deps.writeGate.run(() => {
      this.#deps.db.prepare('UPDATE hub_link SET delivered_seq = MAX(delivered_seq, ?), last_n = MAX(last_n, ?) WHERE id = 1').run(seq, n);
    });
  }

  #post(url: URL, body: unknown, token: string | null): Promise<Response> {
    return (this.#deps.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }
}
