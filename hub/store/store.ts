import type { FaultCode } from '../../main/core/health/faults.ts';
import type { Heartbeat, SeatEvent } from '../../main/core/reporter/wire.ts';
import type { HubIncident, PlatformIncident, Role, SeatState, SeatView } from '../model.ts';
import { migrateHub } from './migrations.ts';
import { NOTICE_CHANNEL, type Row, type SqlDriver, type SqlRunner } from './sql.ts';

export interface SeenEntry {
  id: string;
  seen: number;
  n: number;
  heartbeat: Heartbeat;
}

/** What a report brings that must be durable before it is answered (`at`: when the hub received it). */
export interface ReportWrite {
  id: string;
  n: number;
  at: number;
  /** A heartbeat that changes what the floor shows; null when the report brings only events. */
  change: { state: SeatState; heartbeat: Heartbeat } | null;
  /** Incident events, in the seat's seq order: each (seat, seq) is kept once. */
  events: readonly SeatEvent[];
}

/**
 * Written (the seat's new view if the report changed it, and the highest event seq held), or
 * refused (the request number the database holds, null for no such seat).
 */
export type WriteOutcome = { ok: true; view: SeatView | null; ackedSeq: number } | { ok: false; lastN: number | null };

/** What a hub's change notice says on PostgreSQL (built by the write itself): the seat's new view and its request number. */
export interface ViewNotice {
  t: 'view';
  /** The writing hub, which has shown the change already. */
  from: string;
  n: number;
  seat: SeatView;
}

/** What a hub's incident notice says (built by the write itself): the incident's new view, for every hub's dashboards. */
export interface IncidentNotice {
  t: 'incident-view';
  incident: HubIncident;
}

export interface StateChange {
  seatId: string;
  at: number;
  state: SeatState;
}

export interface AlertRecord {
  at: number;
  incidentId: number;
  level: number;
  kind: 'escalation' | 'repeat' | 'recovery';
  channel: string;
  target: string;
  ok: boolean;
  error: string | null;
}

const FLUSH_SLICE = 500;

/**
 * NOTIFY of the view of the seat `row` (a row of seats, as updated), with `?` for the channel and
 * the writing hub; a "reload it" notice instead if a view would not fit PostgreSQL's 8,000 bytes
 * (heartbeats are small, so it does not happen). Nothing for a null row (a refused change).
 */
const notifyView = (row: string) => `(SELECT count(pg_notify(?, notice.payload)) FROM (
    SELECT CASE WHEN octet_length(p.view) < 8000 THEN p.view ELSE json_build_object('t', 'seat', 'id', ${row}.id)::text END AS payload
    FROM (SELECT json_build_object('t', 'view', 'from', ?::text, 'n', ${row}.last_n, 'seat', json_build_object('id', ${row}.id,
      'team', ${row}.team, 'site', ${row}.site, 'state', ${row}.state, 'fault', ${row}.fault, 'since', ${row}.changed_at,
      'lastSeen', ${row}.last_seen, 'revoked', false, 'heartbeat', ${row}.detail::json))::text AS view) p
    WHERE ${row}.id IS NOT NULL) notice)`;

/**
 * The incident view `incidentView` reads, as JSON, from a row of incidents `row` and of seats `seat`.
 */
const incidentJson = (row: string, seat: string) => `json_build_object('id', ${row}.id, 'seatId', ${row}.seat_id, 'team', ${seat}.team,
  'site', ${seat}.site, 'fault', ${row}.fault, 'startedAt', ${row}.started_at, 'detectedAt', ${row}.detected_at, 'failoverAt', ${row}.failover_at,
  'recoveredAt', ${row}.recovered_at, 'platformId', ${row}.platform_id, 'levelReached', ${row}.level_reached, 'lastAlertAt', ${row}.last_alert_at,
  'recoveryNoticed', ${row}.recovery_noticed <> 0, 'ackedAt', ${row}.acked_at, 'ackedBy', ${row}.acked_by)`;

/**
 * A batch of reports on PostgreSQL, in one statement: lock the seats in id order (so concurrent
 * batches of several hubs cannot deadlock) and read their state and request number once locked
 * (that is, after any concurrent writer committed: the statement's snapshot may be older); write
 * the changes whose request number is newer and that are not revoked, with the highest event seq
 * submitted; log the state changes; NOTIFY each written seat's view. The events of the reports
 * accepted (a change written, or events alone for a seat not revoked) are inserted once per
 * (seat, seq); the fresh ones are folded per incident into one upsert, in seq order as the seat
 * numbered them: the earliest start, the fault named by the last `detected` that names one (else
 * the one held, else the first one given), each of detected/failover/recovered set once, from the
 * first such event. Each incident's new view is NOTIFYed, so no hub reads it back. One row per
 * seat comes back: `accepted` null when refused.
 */
const WRITE_REPORTS_POSTGRES = `
  WITH r AS (
    SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::bigint[],
      ?::text[], ?::bigint[])
      AS r (id, n, at, changed, state, level, fault, health_since, mode, mode_since, detail, max_seq)
  ), e AS (
    SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[]) WITH ORDINALITY
      AS e (seat_id, seq, seat_incident, at, kind, fault, ord)
  ), locked AS MATERIALIZED (
    SELECT s.id, s.state, s.last_n FROM seats s JOIN r ON r.id = s.id ORDER BY s.id FOR UPDATE OF s
  ), up AS (
    UPDATE seats s SET last_n = r.n, state = r.state, level = r.level, fault = r.fault, health_since = r.health_since, mode = r.mode,
      mode_since = r.mode_since, detail = r.detail, changed_at = CASE WHEN s.state = r.state THEN s.changed_at ELSE r.at END, last_seen = r.at,
      acked_seq = GREATEST(s.acked_seq, COALESCE(r.max_seq, 0))
    FROM r, locked WHERE r.changed AND s.id = r.id AND locked.id = s.id AND s.last_n < r.n AND s.revoked_at IS NULL
    RETURNING s.*, locked.state AS before
  ), acked AS (
    UPDATE seats s SET acked_seq = GREATEST(s.acked_seq, r.max_seq)
    FROM r, locked WHERE NOT r.changed AND s.id = r.id AND locked.id = s.id AND s.revoked_at IS NULL
    RETURNING s.id, s.acked_seq
  ), logged AS (
    INSERT INTO state_changes (seat_id, at, state) SELECT up.id, up.changed_at, up.state FROM up WHERE up.before <> up.state
  ), fresh AS (
    INSERT INTO seat_events (seat_id, seq, seat_incident, at, kind, fault, received_at)
    SELECT e.seat_id, e.seq, e.seat_incident, e.at, e.kind, e.fault, r.at FROM e JOIN r ON r.id = e.seat_id
    WHERE e.seat_id IN (SELECT id FROM up UNION ALL SELECT id FROM acked) ORDER BY e.ord
    ON CONFLICT (seat_id, seq) DO NOTHING RETURNING *
  ), folded AS (
    SELECT seat_id, seat_incident, MIN(at) AS started_at,
      (array_agg(fault ORDER BY seq) FILTER (WHERE fault IS NOT NULL))[1] AS first_fault,
      (array_agg(fault ORDER BY seq DESC) FILTER (WHERE kind = 'detected' AND fault IS NOT NULL))[1] AS named,
      (array_agg(at ORDER BY seq) FILTER (WHERE kind = 'detected'))[1] AS detected_at,
      (array_agg(at ORDER BY seq) FILTER (WHERE kind = 'failover'))[1] AS failover_at,
      (array_agg(at ORDER BY seq) FILTER (WHERE kind = 'recovered'))[1] AS recovered_at
    FROM fresh GROUP BY seat_id, seat_incident
  ), incident AS (
    INSERT INTO incidents AS i (seat_id, seat_incident, fault, started_at, detected_at, failover_at, recovered_at)
    SELECT seat_id, seat_incident, COALESCE(named, first_fault), started_at, detected_at, failover_at, recovered_at FROM folded
    ORDER BY seat_id, seat_incident
    ON CONFLICT (seat_id, seat_incident) DO UPDATE SET started_at = LEAST(i.started_at, excluded.started_at),
      fault = CASE WHEN (excluded.seat_id, excluded.seat_incident) IN (SELECT seat_id, seat_incident FROM folded WHERE named IS NOT NULL)
        THEN excluded.fault ELSE COALESCE(i.fault, excluded.fault) END,
      detected_at = COALESCE(i.detected_at, excluded.detected_at), failover_at = COALESCE(i.failover_at, excluded.failover_at),
      recovered_at = COALESCE(i.recovered_at, excluded.recovered_at)
    RETURNING i.*
  ), incident_told AS (
    SELECT notice.seat_id, count(pg_notify(?, CASE WHEN octet_length(notice.payload) < 8000 THEN notice.payload
      ELSE json_build_object('t', 'incident', 'id', notice.id)::text END)) AS told
    FROM (SELECT incident.seat_id, incident.id, json_build_object('t', 'incident-view', 'incident', ${incidentJson('incident', 's')})::text AS payload
      FROM incident JOIN seats s ON s.id = incident.seat_id) notice
    GROUP BY notice.seat_id
  )
  SELECT r.id, COALESCE(up.id, acked.id) AS accepted, up.id AS written, up.team, up.site, up.state, up.fault, up.changed_at, up.last_seen,
    up.revoked_at, up.detail, COALESCE(up.acked_seq, acked.acked_seq) AS acked_seq, locked.last_n AS held_n, ${notifyView('up')} AS told,
    incident_told.told AS incidents_told
  FROM r LEFT JOIN up ON up.id = r.id LEFT JOIN acked ON acked.id = r.id LEFT JOIN locked ON locked.id = r.id
    LEFT JOIN incident_told ON incident_told.seat_id = r.id`;

/** The leader's sweep on PostgreSQL: silent seats locked in id order, marked offline, logged and announced in one statement. */
const MARK_OFFLINE_POSTGRES = `
  WITH locked AS MATERIALIZED (
    SELECT id FROM seats WHERE state <> 'offline' AND revoked_at IS NULL AND COALESCE(last_seen, 0) < ? ORDER BY id FOR UPDATE
  ), up AS (
    UPDATE seats s SET state = 'offline', changed_at = ? FROM locked
    WHERE s.id = locked.id AND s.state <> 'offline' AND s.revoked_at IS NULL AND COALESCE(s.last_seen, 0) < ? RETURNING s.*
  ), logged AS (
    INSERT INTO state_changes (seat_id, at, state) SELECT id, changed_at, state FROM up
  )
  SELECT up.*, ${notifyView('up')} AS told FROM up`;

const INCIDENT_SELECT = `SELECT i.id, i.seat_id, s.team, s.site, i.fault, i.started_at, i.detected_at, i.failover_at, i.recovered_at,
  i.platform_id, i.level_reached, i.last_alert_at, i.recovery_noticed, i.acked_at, i.acked_by FROM incidents i JOIN seats s ON s.id = i.seat_id`;

/** Which incident column a seat event sets, the first time it happens. */
const FIRST_TIME: Partial<Record<SeatEvent['kind'], string>> = {
  detected: 'detected_at',
  failover: 'failover_at',
  recovered: 'recovered_at',
};

/**
 * Everything the hub keeps, on SQLite or PostgreSQL alike. What is written: enrolment, changes of
 * a seat's state, events, incidents, accounts, alerts and the audit log. Plain heartbeats are not
 * written one by one: the hub flushes "last seen" in batches (flushSeen).
 */
export class HubStore {
  readonly #db: SqlDriver;

  private constructor(driver: SqlDriver) {
    this.#db = driver;
  }

  static async open(driver: SqlDriver): Promise<HubStore> {
    await migrateHub(driver);
    return new HubStore(driver);
  }

  get driver(): SqlDriver {
    return this.#db;
  }

  // Enrolment

  async addEnrolmentToken(tokenHash: string, scope: { team?: string; site?: string; expiresAt?: number }, now: number): Promise<void> {
    await this.#db.query('INSERT INTO enrolment_tokens (token_hash, team, site, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [
      tokenHash,
      scope.team ?? null,
      scope.site ?? null,
      now,
      scope.expiresAt ?? null,
    ]);
  }

  /** Registers a seat under a valid enrolment token; a seat id already taken stays its owner's. */
  async enrol(request: {
    tokenHash: string;
    seatId: string;
    team?: string;
    site?: string;
    deviceHash: string;
    now: number;
  }): Promise<'ok' | 'bad-token' | 'taken'> {
    return this.#db.transaction(async (tx) => {
      const [token] = await tx.query<{ team: string | null; site: string | null }>(
        'SELECT team, site FROM enrolment_tokens WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)',
        [request.tokenHash, request.now],
      );
      if (!token) return 'bad-token';
      const [existing] = await tx.query('SELECT id FROM seats WHERE id = ?', [request.seatId]);
      if (existing) return 'taken';
      // A token scoped to a team or site puts its seats there, whatever the seat says.
      await tx.query('INSERT INTO seats (id, team, site, token_hash, enrolled_at, changed_at) VALUES (?, ?, ?, ?, ?, ?)', [
        request.seatId,
        token.team ?? request.team ?? 'default',
        token.site ?? request.site ?? 'default',
        request.deviceHash,
        request.now,
        request.now,
      ]);
      await tx.query('INSERT INTO state_changes (seat_id, at, state) VALUES (?, ?, ?)', [request.seatId, request.now, 'offline']);
      return 'ok';
    });
  }

  async seatForToken(deviceHash: string): Promise<{ id: string; revoked: boolean; lastN: number } | null> {
    const [row] = await this.#db.query<{ id: string; revoked_at: number | null; last_n: number }>(
      'SELECT id, revoked_at, last_n FROM seats WHERE token_hash = ?',
      [deviceHash],
    );
    return row ? { id: row.id, revoked: row.revoked_at !== null, lastN: row.last_n } : null;
  }

  async revokeSeat(id: string, now: number): Promise<boolean> {
    const rows = await this.#db.query('UPDATE seats SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id', [now, id]);
    return rows.length > 0;
  }

  // Seats

  async seats(): Promise<SeatView[]> {
    return (await this.#db.query('SELECT * FROM seats ORDER BY id')).map(seatView);
  }

  /** What a hub needs to answer a seat's reports from memory (its token, last request, events held), for every seat not revoked. */
  async seatKeys(): Promise<{ id: string; tokenHash: string; lastN: number; ackedSeq: number }[]> {
    const rows = await this.#db.query<{ id: string; token_hash: string; last_n: number; acked_seq: number }>(
      'SELECT id, token_hash, last_n, acked_seq FROM seats WHERE revoked_at IS NULL',
    );
    return rows.map((row) => ({ id: row.id, tokenHash: row.token_hash, lastN: row.last_n, ackedSeq: row.acked_seq }));
  }

  async seat(id: string): Promise<SeatView | null> {
    const [row] = await this.#db.query('SELECT * FROM seats WHERE id = ?', [id]);
    return row ? seatView(row) : null;
  }

  /**
   * Writes what several seats' reports bring (one report per seat: the group commit sees to it):
   * heartbeats that changed what the floor shows, and incident events. A change whose request
   * number is not newer than the newest the database holds (a replay, possibly through another
   * hub), or whose seat is revoked, is refused with its events; events alone are refused only for a
   * revoked seat. Each event is kept once per (seat, seq) and the fresh ones folded into the seat's
   * incidents. Every hub hears each touched incident's new view (an `IncidentNotice`). On PostgreSQL
   * it is one statement, so one atomic transaction, that also tells every hub the seat's new view
   * (NOTIFY, delivered at commit): no hub reads a seat or an incident back.
   */
  async writeReports(reports: readonly ReportWrite[], from: string): Promise<WriteOutcome[]> {
    if (reports.length === 0) return [];
    if (this.#db.dialect === 'postgres') return this.#writeReportsPostgres(reports, from);
    // One SQLite file has one hub: it updates its floor from the outcome, and hears of incidents after the commit.
    const { outcomes, incidents } = await this.#db.transaction(async (tx) => {
      const written: WriteOutcome[] = [];
      const touched = new Set<number>();
      for (const report of reports) {
        const outcome = report.change ? await this.#writeChange(tx, report, report.change) : await this.#acceptEvents(tx, report.id);
        written.push(outcome);
        if (!outcome.ok || report.events.length === 0) continue;
        for (const id of await this.#addEvents(tx, report)) touched.add(id);
        const [held] = await tx.query<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM seat_events WHERE seat_id = ?', [report.id]);
        outcome.ackedSeq = held?.seq ?? 0;
        await tx.query('UPDATE seats SET acked_seq = ? WHERE id = ?', [outcome.ackedSeq, report.id]);
      }
      const views =
        touched.size === 0
          ? []
          : await tx.query(`${INCIDENT_SELECT} WHERE i.id IN (SELECT value FROM json_each(?))`, [JSON.stringify([...touched])]);
      return { outcomes: written, incidents: views.map(incidentView) };
    });
    for (const incident of incidents) await this.#db.notify(JSON.stringify({ t: 'incident-view', incident } satisfies IncidentNotice));
    return outcomes;
  }

  /** SQLite: one change, if newer than the database's and the seat is not revoked; its state change logged. */
  async #writeChange(tx: SqlRunner, report: ReportWrite, change: NonNullable<ReportWrite['change']>): Promise<WriteOutcome> {
    const { heartbeat: beat } = change;
    const [before] = await tx.query<{ state: string; last_n: number }>('SELECT state, last_n FROM seats WHERE id = ?', [report.id]);
    const [row] = await tx.query(
      `UPDATE seats SET last_n = ?, state = ?, level = ?, fault = ?, health_since = ?, mode = ?, mode_since = ?, detail = ?,
         changed_at = CASE WHEN state = ? THEN changed_at ELSE ? END, last_seen = ?
       WHERE id = ? AND last_n < ? AND revoked_at IS NULL RETURNING *`,
      [
        report.n,
        change.state,
        beat.level,
        beat.fault,
        beat.healthSince,
        beat.mode,
        beat.modeSince,
        JSON.stringify(beat),
        change.state,
        report.at,
        report.at,
        report.id,
        report.n,
      ],
    );
    if (!row) return { ok: false, lastN: before?.last_n ?? null };
    if (before?.state !== change.state) {
      await tx.query('INSERT INTO state_changes (seat_id, at, state) VALUES (?, ?, ?)', [report.id, report.at, change.state]);
    }
    return { ok: true, view: seatView(row), ackedSeq: row.acked_seq as number };
  }

  /** SQLite: events alone are taken from any seat not revoked. */
  async #acceptEvents(tx: SqlRunner, seatId: string): Promise<WriteOutcome> {
    const [seat] = await tx.query<{ last_n: number; revoked_at: number | null; acked_seq: number }>(
      'SELECT last_n, revoked_at, acked_seq FROM seats WHERE id = ?',
      [seatId],
    );
    if (!seat || seat.revoked_at !== null) return { ok: false, lastN: seat?.last_n ?? null };
    return { ok: true, view: null, ackedSeq: seat.acked_seq };
  }

  /** SQLite: keeps each (seat, seq) once and folds the new ones into the seat's incidents, one by one; returns the incidents touched. */
  async #addEvents(tx: SqlRunner, report: ReportWrite): Promise<number[]> {
    const touched: number[] = [];
    for (const event of report.events) {
      const fresh = await tx.query(
        `INSERT INTO seat_events (seat_id, seq, seat_incident, at, kind, fault, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (seat_id, seq) DO NOTHING RETURNING seq`,
        [report.id, event.seq, event.incident, event.at, event.kind, event.fault, report.at],
      );
      if (fresh.length > 0) touched.push(await this.#foldEvent(tx, report.id, event));
    }
    return touched;
  }

  async #writeReportsPostgres(reports: readonly ReportWrite[], from: string): Promise<WriteOutcome[]> {
    const column = <T>(pick: (report: ReportWrite) => T) => reports.map(pick);
    const beat = <T>(pick: (heartbeat: Heartbeat) => T) => column((r) => (r.change ? pick(r.change.heartbeat) : null));
    const events = reports.flatMap((report) => report.events.map((event) => ({ seatId: report.id, ...event })));
    const params = [
      column((r) => r.id),
      column((r) => r.n),
      column((r) => r.at),
      column((r) => r.change !== null),
      column((r) => r.change?.state ?? null),
      beat((b) => b.level),
      beat((b) => b.fault),
      beat((b) => b.healthSince),
      beat((b) => b.mode),
      beat((b) => b.modeSince),
      beat((b) => JSON.stringify(b)),
      column((r) => (r.events.length === 0 ? null : Math.max(...r.events.map((event) => event.seq)))),
      events.map((e) => e.seatId),
      events.map((e) => e.seq),
      events.map((e) => e.incident),
      events.map((e) => e.at),
      events.map((e) => e.kind),
      events.map((e) => e.fault),
      NOTICE_CHANNEL,
      NOTICE_CHANNEL,
      from,
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await this.#db.query(WRITE_REPORTS_POSTGRES, params);
        const byId = new Map(rows.map((row) => [row.id as string, row]));
        return reports.map((report): WriteOutcome => {
          const row = byId.get(report.id);
          if (!row || row.accepted === null) return { ok: false, lastN: (row?.held_n as number | null | undefined) ?? null };
          return { ok: true, view: row.written === null ? null : seatView(row), ackedSeq: row.acked_seq as number };
        });
      } catch (error) {
        // Seats are locked in id order here and in the other batch writers; a deadlock with some
        // other writer is still possible in principle: the statement did nothing, so it goes again.
        if (attempt >= 3 || (error as { code?: string }).code !== '40P01') throw error;
      }
    }
  }

  /**
   * "Still here" for many seats in one statement per dialect: the cheap path of most heartbeats. A
   * beat not newer than what the database holds (an older one, or a replay another hub already saw)
   * writes nothing.
   */
  async flushSeen(entries: readonly SeenEntry[]): Promise<void> {
    // In slices, with the event loop free between them, so a large fleet's flush never holds up
    // the reports waiting behind it (SQLite writes synchronously) nor holds many seats' row locks
    // for long (PostgreSQL: a change of one of them would wait for the whole flush).
    for (let start = 0; start < entries.length; start += FLUSH_SLICE) {
      await this.#flushSlice(entries.slice(start, start + FLUSH_SLICE));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async #flushSlice(entries: readonly SeenEntry[]): Promise<void> {
    if (this.#db.dialect === 'postgres') {
      // Seats locked in id order, as the change batches lock them, so the two never deadlock.
      await this.#db.query(
        `WITH v AS (SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::text[]) AS v (id, seen, n, detail)),
         locked AS MATERIALIZED (SELECT s.id FROM seats s JOIN v ON v.id = s.id WHERE s.last_n < v.n ORDER BY s.id FOR UPDATE OF s)
         UPDATE seats AS s SET last_seen = GREATEST(s.last_seen, v.seen), last_n = v.n, detail = v.detail
         FROM v, locked WHERE s.id = v.id AND locked.id = s.id AND s.last_n < v.n`,
        [entries.map((e) => e.id), entries.map((e) => e.seen), entries.map((e) => e.n), entries.map((e) => JSON.stringify(e.heartbeat))],
      );
      return;
    }
    await this.#db.transaction(async (tx) => {
      for (const entry of entries) {
        await tx.query('UPDATE seats SET last_seen = MAX(COALESCE(last_seen, 0), ?), last_n = ?, detail = ? WHERE id = ? AND last_n < ?', [
          entry.seen,
          entry.n,
          JSON.stringify(entry.heartbeat),
          entry.id,
          entry.n,
        ]);
      }
    });
  }

  /**
   * Seats silent since `before` become offline; returns their new views and request numbers (only
   * once, whichever hub asks). On PostgreSQL one statement that also tells every hub, as writeReports.
   */
  async markOffline(before: number, now: number, from: string): Promise<{ view: SeatView; n: number }[]> {
    const shown = (rows: Row[]) => rows.map((row) => ({ view: seatView(row), n: row.last_n as number }));
    if (this.#db.dialect === 'postgres')
      return shown(await this.#db.query(MARK_OFFLINE_POSTGRES, [before, now, before, NOTICE_CHANNEL, from]));
    return this.#db.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE seats SET state = 'offline', changed_at = ? WHERE state <> 'offline' AND revoked_at IS NULL AND COALESCE(last_seen, 0) < ? RETURNING *`,
        [now, before],
      );
      for (const row of rows) await tx.query('INSERT INTO state_changes (seat_id, at, state) VALUES (?, ?, ?)', [row.id, now, 'offline']);
      return shown(rows);
    });
  }

  async stateChanges(from: number, to: number): Promise<{ before: StateChange[]; during: StateChange[] }> {
    // Each seat's state as the window opens, then every change within it.
    const before = await this.#db.query<{ seat_id: string; at: number; state: string }>(
      `SELECT c.seat_id, c.at, c.state FROM state_changes c
       JOIN (SELECT seat_id, MAX(id) AS id FROM state_changes WHERE at <= ? GROUP BY seat_id) last ON last.id = c.id`,
      [from],
    );
    const during = await this.#db.query<{ seat_id: string; at: number; state: string }>(
      'SELECT seat_id, at, state FROM state_changes WHERE at > ? AND at <= ? ORDER BY at, id',
      [from, to],
    );
    const change = (row: { seat_id: string; at: number; state: string }) => ({
      seatId: row.seat_id,
      at: row.at,
      state: row.state as SeatState,
    });
    return { before: before.map(change), during: during.map(change) };
  }

  // Events and incidents

  async #foldEvent(tx: SqlRunner, seatId: string, event: SeatEvent): Promise<number> {
    await tx.query(
      `INSERT INTO incidents (seat_id, seat_incident, fault, started_at) VALUES (?, ?, ?, ?) ON CONFLICT (seat_id, seat_incident) DO NOTHING`,
      [seatId, event.incident, event.fault, event.at],
    );
    const column = FIRST_TIME[event.kind];
    // The confirmed fault names the incident, not the first hint of it.
    const fault = event.kind === 'detected' && event.fault !== null ? 'fault = ?' : 'fault = COALESCE(fault, ?)';
    const [row] = await tx.query<{ id: number }>(
      `UPDATE incidents SET started_at = CASE WHEN started_at > ? THEN ? ELSE started_at END, ${fault}
         ${column ? `, ${column} = COALESCE(${column}, ?)` : ''}
       WHERE seat_id = ? AND seat_incident = ? RETURNING id`,
      [event.at, event.at, event.fault, ...(column ? [event.at] : []), seatId, event.incident],
    );
    return row!.id;
  }

  async incidents(filter: { from?: number; to?: number; open?: boolean; limit?: number } = {}): Promise<HubIncident[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.from !== undefined) {
      where.push('(i.recovered_at IS NULL OR i.recovered_at >= ?)');
      params.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('i.started_at <= ?');
      params.push(filter.to);
    }
    if (filter.open) where.push('(i.recovered_at IS NULL OR i.recovery_noticed = 0)');
    const rows = await this.#db.query(
      `${INCIDENT_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY i.started_at DESC LIMIT ?`,
      [...params, filter.limit ?? 1_000],
    );
    return rows.map(incidentView);
  }

  async incident(id: number): Promise<HubIncident | null> {
    const [row] = await this.#db.query(`${INCIDENT_SELECT} WHERE i.id = ?`, [id]);
    return row ? incidentView(row) : null;
  }

  async timeline(incidentId: number): Promise<{ at: number; kind: string; fault: string | null }[]> {
    return this.#db.query<{ at: number; kind: string; fault: string | null }>(
      `SELECT e.at, e.kind, e.fault FROM seat_events e JOIN incidents i ON i.seat_id = e.seat_id AND i.seat_incident = e.seat_incident
       WHERE i.id = ? ORDER BY e.seq`,
      [incidentId],
    );
  }

  async acknowledge(id: number, by: string, now: number): Promise<boolean> {
    const rows = await this.#db.query('UPDATE incidents SET acked_at = ?, acked_by = ? WHERE id = ? AND acked_at IS NULL RETURNING id', [
      now,
      by,
      id,
    ]);
    return rows.length > 0;
  }

  async escalated(id: number, patch: { levelReached: number; lastAlertAt: number | null; recoveryNoticed: boolean }): Promise<void> {
    await this.#db.query('UPDATE incidents SET level_reached = ?, last_alert_at = ?, recovery_noticed = ? WHERE id = ?', [
      patch.levelReached,
      patch.lastAlertAt,
      Number(patch.recoveryNoticed),
      id,
    ]);
  }

  async recordAlert(alert: AlertRecord): Promise<void> {
    await this.#db.query('INSERT INTO alerts (at, incident_id, level, kind, channel, target, ok, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      alert.at,
      alert.incidentId,
      alert.level,
      alert.kind,
      alert.channel,
      alert.target,
      Number(alert.ok),
      alert.error,
    ]);
  }

  async alerts(limit = 500): Promise<AlertRecord[]> {
    const rows = await this.#db.query<Row>('SELECT * FROM alerts ORDER BY id DESC LIMIT ?', [limit]);
    return rows.map(alertRecord);
  }

  // Fleet-wide outages

  async openPlatforms(): Promise<PlatformIncident[]> {
    const rows = await this.#db.query('SELECT * FROM platform_incidents WHERE ended_at IS NULL ORDER BY id');
    return rows.map((row) => ({
      id: row.id as number,
      fault: row.fault as FaultCode,
      startedAt: row.started_at as number,
      endedAt: null,
      seats: row.seats as number,
      ackedAt: (row.acked_at as number | null) ?? null,
      ackedBy: (row.acked_by as string | null) ?? null,
    }));
  }

  /** Declares a platform incident and attaches the seats' open incidents; null when another hub was first. */
  async declarePlatform(fault: FaultCode, seatIds: readonly string[], now: number): Promise<number | null> {
    const [row] = await this.#db.query<{ id: number }>(
      'INSERT INTO platform_incidents (fault, started_at, seats) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING id',
      [fault, now, seatIds.length],
    );
    if (!row) return null;
    await this.attachToPlatform(row.id, seatIds, seatIds.length);
    return row.id;
  }

  /**
   * Attaches the seats' open incidents; the platform incident keeps the peak number of seats
   * reporting it. A fleet-wide outage attaches thousands of seats: in slices, each one statement
   * locking its incidents in the order the report batches lock them, so the seats' reports waiting
   * on those rows wait for one slice, never for the whole floor, and the two never deadlock.
   */
  async attachToPlatform(platformId: number, seatIds: readonly string[], reporting: number): Promise<void> {
    for (let start = 0; start < seatIds.length; start += FLUSH_SLICE) {
      const slice = seatIds.slice(start, start + FLUSH_SLICE);
      if (this.#db.dialect === 'postgres') {
        await this.#db.query(
          `WITH locked AS MATERIALIZED (
             SELECT id FROM incidents WHERE seat_id = ANY(?::text[]) AND recovered_at IS NULL AND platform_id IS NULL
             ORDER BY seat_id, seat_incident FOR UPDATE
           )
           UPDATE incidents i SET platform_id = ? FROM locked WHERE i.id = locked.id AND i.recovered_at IS NULL AND i.platform_id IS NULL`,
          [slice, platformId],
        );
      } else {
        await this.#db.query(
          'UPDATE incidents SET platform_id = ? WHERE seat_id IN (SELECT value FROM json_each(?)) AND recovered_at IS NULL AND platform_id IS NULL',
          [platformId, JSON.stringify(slice)],
        );
      }
    }
    await this.#db.query('UPDATE platform_incidents SET seats = CASE WHEN seats < ? THEN ? ELSE seats END WHERE id = ?', [
      reporting,
      reporting,
      platformId,
    ]);
  }

  async endPlatform(id: number, now: number): Promise<void> {
    await this.#db.query('UPDATE platform_incidents SET ended_at = ? WHERE id = ? AND ended_at IS NULL', [now, id]);
  }

  // Accounts, sessions, audit

  async addUser(username: string, passwordHash: string, role: Role, now: number): Promise<void> {
    await this.#db.query('INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)', [
      username,
      passwordHash,
      role,
      now,
    ]);
  }

  async user(username: string): Promise<{ id: number; username: string; passwordHash: string; role: Role } | null> {
    const [row] = await this.#db.query('SELECT id, username, password_hash, role FROM users WHERE username = ?', [username]);
    return row
      ? { id: row.id as number, username: row.username as string, passwordHash: row.password_hash as string, role: row.role as Role }
      : null;
  }

  async createSession(idHash: string, userId: number, expiresAt: number): Promise<void> {
    await this.#db.query('INSERT INTO sessions (id_hash, user_id, expires_at) VALUES (?, ?, ?)', [idHash, userId, expiresAt]);
  }

  async sessionUser(idHash: string, now: number): Promise<{ username: string; role: Role } | null> {
    const [row] = await this.#db.query(
      'SELECT u.username, u.role FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?',
      [idHash, now],
    );
    return row ? { username: row.username as string, role: row.role as Role } : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.#db.query('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
  }

  async audit(entry: { at: number; actor: string; action: string; target?: string; detail?: string }): Promise<void> {
    await this.#db.query('INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)', [
      entry.at,
      entry.actor,
      entry.action,
      entry.target ?? null,
      entry.detail ?? null,
    ]);
  }

  async auditLog(limit = 500): Promise<{ at: number; actor: string; action: string; target: string | null; detail: string | null }[]> {
    return this.#db.query('SELECT at, actor, action, target, detail FROM audit ORDER BY id DESC LIMIT ?', [limit]);
  }

  // Accounts managed from the dashboard (migration 2)

  async accounts(): Promise<AccountRow[]> {
    const rows = await this.#db.query('SELECT username, role, created_at, last_login_at, disabled_at FROM users ORDER BY username');
    return rows.map((row) => ({
      username: row.username as string,
      role: row.role as Role,
      createdAt: row.created_at as number,
      lastLoginAt: (row.last_login_at as number | null) ?? null,
      disabledAt: (row.disabled_at as number | null) ?? null,
    }));
  }

  async account(username: string): Promise<(AccountRow & { id: number; passwordHash: string }) | null> {
    const [row] = await this.#db.query('SELECT * FROM users WHERE username = ?', [username]);
    if (!row) return null;
    return {
      id: row.id as number,
      username: row.username as string,
      passwordHash: row.password_hash as string,
      role: row.role as Role,
      createdAt: row.created_at as number,
      lastLoginAt: (row.last_login_at as number | null) ?? null,
      disabledAt: (row.disabled_at as number | null) ?? null,
    };
  }

  async noteLogin(userId: number, now: number): Promise<void> {
    await this.#db.query('UPDATE users SET last_login_at = ? WHERE id = ?', [now, userId]);
  }

  /**
   * Changes one account and ends its sessions (all of them, or all but `keepSession`), in one
   * transaction that refuses to leave the hub without an enabled IT account.
   */
  async changeAccount(
    username: string,
    change: { role: Role } | { passwordHash: string; keepSession?: string } | { disabledAt: number | null } | { remove: true },
  ): Promise<'ok' | 'unknown' | 'last-it'> {
    return this.#db.transaction(async (tx) => {
      const [user] = await tx.query<{ id: number; role: Role; disabled_at: number | null }>(
        'SELECT id, role, disabled_at FROM users WHERE username = ?',
        [username],
      );
      if (!user) return 'unknown';
      const losesIt =
        user.role === 'it' &&
        user.disabled_at === null &&
        (('role' in change && change.role !== 'it') || ('disabledAt' in change && change.disabledAt !== null) || 'remove' in change);
      if (losesIt) {
        // PostgreSQL: two IT accounts removing each other at once wait for one another here.
        const lock = this.#db.dialect === 'postgres' ? ' FOR UPDATE' : '';
        const others = await tx.query(`SELECT id FROM users WHERE role = 'it' AND disabled_at IS NULL AND id <> ?${lock}`, [user.id]);
        if (others.length === 0) return 'last-it';
      }
      const keep = 'keepSession' in change && change.keepSession !== undefined ? change.keepSession : '';
      await tx.query('DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?', [user.id, keep]);
      if ('role' in change) await tx.query('UPDATE users SET role = ? WHERE id = ?', [change.role, user.id]);
      if ('passwordHash' in change) await tx.query('UPDATE users SET password_hash = ? WHERE id = ?', [change.passwordHash, user.id]);
      if ('disabledAt' in change) await tx.query('UPDATE users SET disabled_at = ? WHERE id = ?', [change.disabledAt, user.id]);
      if ('remove' in change) await tx.query('DELETE FROM users WHERE id = ?', [user.id]);
      return 'ok';
    });
  }

  // Enrolment tokens as IT sees them: never the token, only its scope and use

  async enrolmentTokens(): Promise<EnrolmentTokenRow[]> {
    const rows = await this.#db.query('SELECT * FROM enrolment_tokens ORDER BY id DESC LIMIT 1000');
    return rows.map((row) => ({
      id: row.id as number,
      team: row.team as string | null,
      site: row.site as string | null,
      createdAt: row.created_at as number,
      expiresAt: row.expires_at as number | null,
      revokedAt: row.revoked_at as number | null,
      usedCount: row.used_count as number,
      lastUsedAt: row.last_used_at as number | null,
    }));
  }

  async enrolmentTokenId(tokenHash: string): Promise<number | null> {
    const [row] = await this.#db.query<{ id: number }>('SELECT id FROM enrolment_tokens WHERE token_hash = ?', [tokenHash]);
    return row?.id ?? null;
  }

  async noteEnrolmentTokenUse(tokenHash: string, now: number): Promise<void> {
    await this.#db.query('UPDATE enrolment_tokens SET used_count = used_count + 1, last_used_at = ? WHERE token_hash = ?', [
      now,
      tokenHash,
    ]);
  }

  async revokeEnrolmentToken(id: number, now: number): Promise<boolean> {
    const rows = await this.#db.query('UPDATE enrolment_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id', [
      now,
      id,
    ]);
    return rows.length > 0;
  }

  // Audit, alerts, settings, platform acknowledgement

  /** The audit log newest first, `limit` entries older than entry `before` (the next page). */
  async auditPage(before: number | null, limit: number): Promise<AuditEntry[]> {
    return this.#db.query<AuditEntry & Row>(
      `SELECT id, at, actor, action, target, detail FROM audit ${before === null ? '' : 'WHERE id < ?'} ORDER BY id DESC LIMIT ?`,
      before === null ? [limit] : [before, limit],
    );
  }

  async alertsFor(incidentId: number): Promise<AlertRecord[]> {
    const rows = await this.#db.query<Row>('SELECT * FROM alerts WHERE incident_id = ? ORDER BY id LIMIT 1000', [incidentId]);
    return rows.map(alertRecord);
  }

  async setting(name: string): Promise<{ value: string; changedAt: number; changedBy: string } | null> {
    const [row] = await this.#db.query('SELECT value, changed_at, changed_by FROM hub_settings WHERE name = ?', [name]);
    return row ? { value: row.value as string, changedAt: row.changed_at as number, changedBy: row.changed_by as string } : null;
  }

  async saveSetting(name: string, value: string, now: number, by: string): Promise<void> {
    await this.#db.query(
      `INSERT INTO hub_settings (name, value, changed_at, changed_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
      [name, value, now, by],
    );
  }

  /** Acknowledges an open platform incident and its seats' open incidents; false when unknown, ended or already acknowledged. */
  async acknowledgePlatform(id: number, by: string, now: number): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const rows = await tx.query(
        'UPDATE platform_incidents SET acked_at = ?, acked_by = ? WHERE id = ? AND ended_at IS NULL AND acked_at IS NULL RETURNING id',
        [now, by, id],
      );
      if (rows.length === 0) return false;
      await tx.query(
        'UPDATE incidents SET acked_at = ?, acked_by = ? WHERE platform_id = ? AND acked_at IS NULL AND recovered_at IS NULL',
        [now, by, id],
      );
      return true;
    });
  }
}

export interface AccountRow {
  username: string;
  role: Role;
  createdAt: number;
  lastLoginAt: number | null;
  disabledAt: number | null;
}

export interface EnrolmentTokenRow {
  id: number;
  team: string | null;
  site: string | null;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  usedCount: number;
  lastUsedAt: number | null;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
}

function seatView(row: Row): SeatView {
  return {
    id: row.id as string,
    team: row.team as string,
    site: row.site as string,
    state: row.state as SeatState,
    fault: (row.fault as FaultCode | null) ?? null,
    since: row.changed_at as number,
    lastSeen: (row.last_seen as number | null) ?? null,
    revoked: row.revoked_at !== null,
    heartbeat: typeof row.detail === 'string' ? (JSON.parse(row.detail) as Heartbeat) : null,
  };
}

function incidentView(row: Row): HubIncident {
  return {
    id: row.id as number,
    seatId: row.seat_id as string,
    team: row.team as string,
    site: row.site as string,
    fault: (row.fault as FaultCode | null) ?? null,
    startedAt: row.started_at as number,
    detectedAt: row.detected_at as number | null,
    failoverAt: row.failover_at as number | null,
    recoveredAt: row.recovered_at as number | null,
    platformId: row.platform_id as number | null,
    levelReached: row.level_reached as number,
    lastAlertAt: row.last_alert_at as number | null,
    recoveryNoticed: Boolean(row.recovery_noticed),
    ackedAt: row.acked_at as number | null,
    ackedBy: row.acked_by as string | null,
  };
}

function alertRecord(row: Row): AlertRecord {
  return {
    at: row.at as number,
    incidentId: row.incident_id as number,
    level: row.level as number,
    kind: row.kind as AlertRecord['kind'],
    channel: row.channel as string,
    target: row.target as string,
    ok: Boolean(row.ok),
    error: row.error as string | null,
  };
}
