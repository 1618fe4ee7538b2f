import type { Dialect, SqlDriver } from './sql.ts';

interface HubMigration {
  version: number;
  name: string;
  /** `id`: the auto-numbered primary key's column definition in this dialect. */
  sql(id: string): string;
}

/**
 * The hub's schema history, one text for both databases (only the auto-numbered key differs). Append only: a shipped migration is never edited. Times are epoch ms.
 */
const MIGRATIONS: readonly HubMigration[] = [
  {
    version: 1,
    name: 'seats, events, incidents, accounts',
    sql: (id) => `
      CREATE TABLE enrolment_tokens (
        id ${id},
        token_hash TEXT NOT NULL UNIQUE,
        team TEXT,
        site TEXT,
        created_at BIGINT NOT NULL,
        expires_at BIGINT,
        revoked_at BIGINT
      );
      CREATE TABLE seats (
        id TEXT PRIMARY KEY,
        team TEXT NOT NULL,
        site TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        enrolled_at BIGINT NOT NULL,
        revoked_at BIGINT,
        last_n BIGINT NOT NULL DEFAULT 0,
        acked_seq BIGINT NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'offline',
        level TEXT,
        fault TEXT,
        health_since BIGINT,
        mode TEXT,
        mode_since BIGINT,
        detail TEXT,
        changed_at BIGINT NOT NULL,
        last_seen BIGINT
      );
      CREATE TABLE seat_events (
        seat_id TEXT NOT NULL REFERENCES seats (id),
        seq BIGINT NOT NULL,
        seat_incident BIGINT NOT NULL,
        at BIGINT NOT NULL,
        kind TEXT NOT NULL,
        fault TEXT,
        received_at BIGINT NOT NULL,
        PRIMARY KEY (seat_id, seq)
      );
      CREATE TABLE state_changes (
        id ${id},
        seat_id TEXT NOT NULL REFERENCES seats (id),
        at BIGINT NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX state_changes_seat ON state_changes (seat_id, at);
      CREATE INDEX state_changes_at ON state_changes (at);
      CREATE TABLE platform_incidents (
        id ${id},
        fault TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        ended_at BIGINT,
        seats INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX platform_open ON platform_incidents (fault) WHERE ended_at IS NULL;
      CREATE TABLE incidents (
        id ${id},
        seat_id TEXT NOT NULL REFERENCES seats (id),
        seat_incident BIGINT NOT NULL,
        fault TEXT,
        started_at BIGINT NOT NULL,
        detected_at BIGINT,
        failover_at BIGINT,
        recovered_at BIGINT,
        platform_id BIGINT REFERENCES platform_incidents (id),
        level_reached INTEGER NOT NULL DEFAULT 0,
        last_alert_at BIGINT,
        recovery_noticed INTEGER NOT NULL DEFAULT 0,
        acked_at BIGINT,
        acked_by TEXT,
        UNIQUE (seat_id, seat_incident)
      );
      CREATE INDEX incidents_started ON incidents (started_at);
      CREATE INDEX incidents_open ON incidents (recovered_at);
      CREATE TABLE users (
        id ${id},
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('supervisor', 'it')),
        created_at BIGINT NOT NULL
      );
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users (id),
        expires_at BIGINT NOT NULL
      );
      CREATE TABLE audit (
        id ${id},
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT
      );
      CREATE TABLE alerts (
        id ${id},
        at BIGINT NOT NULL,
        incident_id BIGINT REFERENCES incidents (id),
        level INTEGER NOT NULL,
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        target TEXT NOT NULL,
        ok INTEGER NOT NULL,
        error TEXT
      );
    `,
  },
  {
    version: 2,
    name: 'accounts managed from the dashboard, enrolment token use, escalation settings, platform acknowledgement',
    sql: () => `
      ALTER TABLE users ADD COLUMN last_login_at BIGINT;
      ALTER TABLE users ADD COLUMN disabled_at BIGINT;
      ALTER TABLE enrolment_tokens ADD COLUMN used_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE enrolment_tokens ADD COLUMN last_used_at BIGINT;
      ALTER TABLE platform_incidents ADD COLUMN acked_at BIGINT;
      ALTER TABLE platform_incidents ADD COLUMN acked_by TEXT;
      CREATE TABLE hub_settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        changed_at BIGINT NOT NULL,
        changed_by TEXT NOT NULL
      )
    `,
  },
];

const KEY: Record<Dialect, string> = {
  sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  postgres: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
};

/** Applies every migration newer than the database's, each in one transaction; several hubs may start at once. */
export async function migrateHub(driver: SqlDriver): Promise<void> {
  await driver.query('CREATE TABLE IF NOT EXISTS hub_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
  for (const migration of MIGRATIONS) {
    await driver.transaction(async (tx) => {
      // PostgreSQL: hubs starting together wait here for the first one, then see its version.
      if (driver.dialect === 'postgres') await tx.query('LOCK TABLE hub_schema IN EXCLUSIVE MODE');
      const done = await tx.query('SELECT version FROM hub_schema WHERE version = ?', [migration.version]);
      if (done.length > 0) return;
      for (const statement of splitStatements(migration.sql(KEY[driver.dialect]))) await tx.query(statement);
      await tx.query('INSERT INTO hub_schema (version, applied_at) VALUES (?, ?)', [migration.version, Date.now()]);
    });
  }
  const newest = await driver.query<{ v: number | null }>('SELECT MAX(version) AS v FROM hub_schema');
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if ((newest[0]?.v ?? 0) > known) throw new Error(`hub database schema is newer (${newest[0]?.v}) than this hub knows (${known})`);
}

function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}
