import { z } from 'zod';
import { FAULT_CODES } from '../health/faults.ts';
import { GUIDANCES } from '../recovery/guidance.ts';
import { WHATSAPP_SCREENS } from '../health/signals.ts';
import type {
  BackupInfo,
  ContactFileRefused,
  ContactImportProgress,
  ContactImportReport,
  ContactRecord,
  ContactsSummary,
  ImportPreview,
} from './contacts-wire.ts';

/**
 * The typed contract between the main process and our own pages (failover pane, status bar).
 * Every request is validated here before a handler sees it, whichever shell carried it.
 */

/** The languages of our pages: complete Chinese and English. */
export const UI_LANGUAGES = ['en', 'zh'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export const MODES = ['whatsapp', 'failover'] as const;
export type Mode = (typeof MODES)[number];

export const healthLevelSchema = z.enum(['healthy', 'degraded', 'down']);
export type HealthLevel = z.infer<typeof healthLevelSchema>;

export const healingActionSchema = z.enum([
  'reload',
  'unregister-service-worker-and-reload',
  'clear-http-cache-and-reload',
  'recreate-view',
]);
export type HealingAction = z.infer<typeof healingActionSchema>;

export const kioskStatusSchema = z.object({
  mode: z.enum(MODES),
  /** Why the current mode holds: chosen by the product, forced by the agent, or start-up. */
  modeReason: z.enum(['startup', 'auto', 'agent']),
  /** The agent pinned the mode; automatic switching is off until they release it. */
  forced: z.boolean(),
  health: z.object({
    level: healthLevelSchema,
    fault: z.enum(FAULT_CODES).nullable(),
    since: z.number(),
  }),
  whatsapp: z.object({
    screen: z.enum(WHATSAPP_SCREENS),
    socketState: z.string().nullable(),
    lastHeartbeat: z.number().nullable(),
  }),
  lastHealing: z.object({ action: healingActionSchema, at: z.number(), fault: z.enum(FAULT_CODES) }).nullable(),
  /** Set when only the agent can end the fault: what they are guided to do (recovery/guidance.ts). */
  guidance: z.enum(GUIDANCES).nullable(),
  language: z.enum(UI_LANGUAGES),
  /** Problems with settings or policy, shown to the agent in the status bar. */
  configErrors: z.array(z.string()),
  seatId: z.string(),
  /** The supervisors' hub declared a fleet-wide outage this seat is part of: "WhatsApp is down for everyone". */
  platformOutage: z
    .object({ id: z.number(), fault: z.enum(FAULT_CODES), since: z.number(), seats: z.number() })
    .nullable()
    .optional(),
});
export type KioskStatus = z.infer<typeof kioskStatusSchema>;

export const incidentSummarySchema = z.object({
  id: z.number(),
  fault: z.enum(FAULT_CODES),
  startedAt: z.number(),
  detectedAt: z.number().nullable(),
  failoverAt: z.number().nullable(),
  recoveredAt: z.number().nullable(),
  /** Time to recovery (or until now) against the targets, in milliseconds. */
  durationMs: z.number(),
  rtoMs: z.number(),
  mtdMs: z.number(),
  events: z.array(z.object({ at: z.number(), kind: z.string(), detail: z.string().nullable() })),
});
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

/** A CRM file travels as base64; 20 MB of file is plenty for 100,000 contacts. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

const header = z.string().min(1).max(200);
export const columnMappingSchema = z
  .object({
    name: z.union([header, z.array(header).min(1).max(5)]).optional(),
    phones: z.array(header).max(10).optional(),
    emails: z.array(header).max(10).optional(),
    organization: header.optional(),
    note: header.optional(),
  })
  .strict();

/**
 * Checked on the main thread before the file goes to the import worker: one character class over
 * the whole string (about 40 ms for 20 MB), where zod's base64 pattern took up to a second.
 */
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

const contactFile = {
  fileName: z.string().min(1).max(255),
  dataBase64: z
    .string()
    .max(Math.ceil(IMPORT_MAX_BYTES / 3) * 4, 'the file is larger than 20 MB')
    .refine(isBase64, 'the file is not base64'),
  format: z.enum(['csv', 'vcard']).optional(),
};

/** Requests from our pages to the main process: channel -> request schema. */
export const requestSchemas = {
  'status:get': z.object({}).strict(),
  /** `auto` releases a forced mode and lets the product decide again. */
  'mode:set': z.object({ mode: z.enum(['whatsapp', 'failover', 'auto']) }).strict(),
  /** The agent is typing in the failover pane: hold fail-back. */
  'activity:typing': z.object({}).strict(),
  'incidents:list': z.object({ limit: z.int().min(1).max(500).default(50) }).strict(),
  /** A panel of our page (incidents, settings problems) is open and must be seen over WhatsApp. */
  'ui:overlay': z.object({ open: z.boolean() }).strict(),
  'contacts:search': z.object({ query: z.string().max(200), limit: z.int().min(1).max(100).default(20) }).strict(),
  'contacts:summary': z.object({}).strict(),
  /** What importing the file would read (format, encoding, columns), before importing it. */
  'contacts:preview': z.object(contactFile).strict(),
  'contacts:import': z.object({ ...contactFile, mapping: columnMappingSchema.optional() }).strict(),
  'contacts:export': z.object({ format: z.enum(['csv', 'vcard']) }).strict(),
  'backups:list': z.object({}).strict(),
  'backups:create': z.object({}).strict(),
  'backups:restore': z.object({ name: z.string().regex(/^kiosk-\d{8}T\d{9}Z\.sqlite$/, 'a backup name from backups:list') }).strict(),
} as const;

export type Channel = keyof typeof requestSchemas;
export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>;

export interface ResponseMap {
  'status:get': KioskStatus;
  'mode:set': KioskStatus;
  'activity:typing': { ok: true };
  'incidents:list': IncidentSummary[];
  'ui:overlay': { ok: true };
  'contacts:search': ContactRecord[];
  'contacts:summary': ContactsSummary;
  'contacts:preview': ImportPreview | ContactFileRefused;
  'contacts:import': ContactImportReport | ContactFileRefused;
  'contacts:export': { fileName: string; mimeType: string; text: string };
  'backups:list': BackupInfo[];
  'backups:create': BackupInfo;
  'backups:restore': { restored: string; safetyCopy: string | null };
}

/** Events pushed from the main process to our pages. */
export interface EventMap {
  status: KioskStatus;
  /** While a CRM import runs: how far it is, so the panel shows progress, not a bare busy state. */
  'contacts:import-progress': ContactImportProgress;
}
export type EventName = keyof EventMap;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}
