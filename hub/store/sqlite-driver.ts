import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Row, SqlDriver, SqlRunner } from './sql.ts';

/**
 * SQLite: the default, nothing to install. One hub process owns the file, so its notifications stay
 * in the process and it always leads. better-sqlite3 is synchronous: a transaction's work must not
 * wait on anything but its own statements, which the store guarantees.
 */
export function sqliteDriver(file: string): SqlDriver {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // The hub keeps changes and events, not every heartbeat: NORMAL keeps WAL commits cheap and
  // a power cut loses at most the last moments, which the seats send again (they wait for acks).
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const handlers: ((payload: string) => void)[] = [];
  const cache = new Map<string, Database.Statement>();
  const run = <T extends Row>(sql: string, params: readonly unknown[] = []): T[] => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    const values = params.map((value) => (typeof value === 'boolean' ? Number(value) : value));
    return statement.reader ? (statement.all(...values) as T[]) : (statement.run(...values), []);
  };
  const runner: SqlRunner = { query: (sql, params) => Promise.resolve(run(sql, params)) };
  // One connection: transactions take turns, so one's statements never land in another's.
  let turn: Promise<unknown> = Promise.resolve();
  return {
    dialect: 'sqlite',
    query: async (sql, params) => run(sql, params),
    transaction(work) {
      const result = turn.then(async () => {
        run('BEGIN IMMEDIATE');
        try {
          const value = await work(runner);
          run('COMMIT');
          return value;
        } catch (error) {
          run('ROLLBACK');
          throw error;
        }
      });
      turn = result.catch(() => undefined);
      return result;
    },
    notify(payload) {
      // After the caller's own work, like PostgreSQL delivers after commit.
      queueMicrotask(() => {
        for (const handler of handlers) handler(payload);
      });
      return Promise.resolve();
    },
    listen(handler) {
      handlers.push(handler);
      return Promise.resolve();
    },
    tryLead: () => Promise.resolve(true),
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}
