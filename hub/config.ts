import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { escalationSchema } from './escalation.ts';

/** The hub's own configuration file (JSON); every key has a default, so `{}` runs a SQLite hub on loopback. */
export const hubConfigSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.int().min(0).max(65_535).default(3200),
  /** `sqlite:<file>` (default) or a `postgres://` URL shared by several hubs. */
  database: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'sqlite:<file> or a postgres:// URL')
    .default('sqlite:hub.sqlite'),
  publicUrl: z.url().default('http://127.0.0.1:3200/'),
  heartbeatMs: z.int().min(1_000).max(600_000).default(5_000),
  missedBeats: z.int().min(2).max(100).default(3),
  /** Secure cookies need HTTPS, except on loopback where browsers accept them over HTTP. */
  secureCookies: z.boolean().default(true),
  sessionHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  outage: z
    .strictObject({
      share: z.number().gt(0).max(1).default(0.3),
      minSeats: z.int().min(2).max(100_000).default(3),
      windowMs: z.int().min(1_000).max(3_600_000).default(120_000),
    })
    .default({ share: 0.3, minSeats: 3, windowMs: 120_000 }),
  escalation: escalationSchema.default(() => escalationSchema.parse({})),
  smtp: z
    .strictObject({
      host: z.string().min(1),
      port: z.int().min(1).max(65_535).default(25),
      secure: z.boolean().default(false),
      from: z.string().min(3),
      user: z.string().optional(),
      pass: z.string().optional(),
    })
    .nullable()
    .default(null),
});
export type HubConfig = z.infer<typeof hubConfigSchema>;

/** Reads and checks a config file; a bad one stops the hub with every problem named. */
export function loadHubConfig(file: string | null): HubConfig {
  const raw: unknown = file ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const parsed = hubConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`hub config ${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
