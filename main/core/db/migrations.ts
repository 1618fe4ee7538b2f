import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Schema history. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'workstation state',
    up(db) {
      // Small facts the product must remember across restarts (e.g. that this profile was once
      // logged in, so a pairing screen now means "logged out", not "first start").
      db.exec(`CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL)`);
    },
  },
  {
    version: 2,
    name: 'incidents',
    up(db) {
      db.exec(`
        CREATE TABLE incidents (
          id INTEGER PRIMARY KEY,
          fault TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          detected_at INTEGER,
          failover_at INTEGER,
          recovered_at INTEGER
        );
        CREATE INDEX incidents_started ON incidents (started_at DESC);
        CREATE TABLE incident_events (
          id INTEGER PRIMARY KEY,
          incident_id INTEGER NOT NULL REFERENCES incidents (id),
          at INTEGER NOT NULL,
          kind TEXT NOT NULL,
          detail TEXT
        );
        CREATE INDEX incident_events_incident ON incident_events (incident_id, at);
      `);
    },
  },
];
