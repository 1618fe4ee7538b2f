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
];
