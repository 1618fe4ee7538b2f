import pg from 'pg';
import { NOTICE_CHANNEL as CHANNEL, type Row, type SqlDriver } from './sql.ts';

/** Any fixed number: the advisory lock every hub asks for, held by the one that leads. */
const LEAD_LOCK = 73_411_402;

/** `?` placeholders to PostgreSQL's `$1, $2...` (the store never puts a `?` inside a literal). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** BIGINT and COUNT come back as numbers: every value the hub stores fits in a double. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * PostgreSQL: several hub processes share one database. Live updates travel by LISTEN/NOTIFY on a
 * dedicated connection (a change reported to any hub reaches every dashboard); one hub at a time
 * leads (a session advisory lock on its own connection), so alerts go out once.
 */
export async function postgresDriver(connectionString: string): Promise<SqlDriver> {
  const pool = new pg.Pool({ connectionString, types, max: 10 });
  const listener = new pg.Client({ connectionString, types });
  const leader = new pg.Client({ connectionString, types });
  await listener.connect();
  await leader.connect();
  const handlers: ((payload: string) => void)[] = [];
  listener.on('notification', (message) => {
    if (message.channel !== CHANNEL || message.payload === undefined) return;
    for (const handler of handlers) handler(message.payload);
  });
  await listener.query(`LISTEN ${CHANNEL}`);
  let leading = false;
  return {
    dialect: 'postgres',
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      return (await pool.query<T>(numbered(sql), [...params])).rows;
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <T extends Row>(sql: string, params: readonly unknown[] = []) =>
            (await client.query<T>(numbered(sql), [...params])).rows,
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async notify(payload) {
      await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    },
    listen(handler) {
      handlers.push(handler);
      return Promise.resolve();
    },
    async tryLead() {
      if (!leading) {
        const rows = await leader.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LEAD_LOCK]);
        leading = rows.rows[0]?.locked === true;
      }
      return leading;
    },
    async close() {
      await listener.end();
      await leader.end();
      await pool.end();
    },
  };
}
