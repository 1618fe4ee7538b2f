/**
 * The little the hub needs from a SQL database, so one store (store.ts) runs on SQLite and on
 * PostgreSQL. Statements use `?` placeholders; the PostgreSQL driver numbers them.
 */
/** The PostgreSQL channel of the hubs' change notices (LISTEN/NOTIFY). */
export const NOTICE_CHANNEL = 'wa_hub_changes';

export type Dialect = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;

export interface SqlDriver {
  readonly dialect: Dialect;
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs `work` in one transaction; everything it runs goes through the `tx` it gets. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Tells every hub on this database (this one included) that something changed. */
  notify(payload: string): Promise<void>;
  /** What every hub's `notify` said, this hub's included. */
  listen(handler: (payload: string) => void): Promise<void>;
  /** True for exactly one hub process at a time (the one that sends alerts and sweeps). */
  tryLead(): Promise<boolean>;
  close(): Promise<void>;
}

export type SqlRunner = Pick<SqlDriver, 'query'>;
