import { z } from 'zod';
import { FAULT_CODES } from '../health/faults.ts';
import { GUIDANCES } from '../recovery/guidance.ts';
import { WHATSAPP_SCREENS } from '../health/signals.ts';
import type { ContactRecord } from '../contacts/contact.ts';
import type { ImportMessage, ImportPreview, RowReport } from '../contacts/import/import-file.ts';
import type { BackupInfo } from '../db/backups.ts';

/**
 * The typed contract between the main process and our own pages (failover pane, status bar).
 * Every request is validated here before a handler sees it, whichever shell carried it.
 */

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
  lastHealing: z
    .object({ action: healingActionSchema, at: z.number(), fault: z.enum(FAULT_CODES) })
    .nullable(),
  /** Set when only the agent can end the fault: what they are guided to do (recovery/guidance.ts). */
  guidance: z.enum(GUIDANCES).nullable(),
  language: z.enum(['en', 'zh']),
  /** Problems with settings or policy, shown to the agent in the status bar. */
  configErrors: z.array(z.string()),
  seatId: z.string(),
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
  events: z.array(
    z.object({ at: z.number(), kind: z.string(), detail: z.string().nullable() }),
  ),
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

const contactFile = {
  fileName: z.string().min(1).max(255),
  dataBase64: z.base64().max(Math.ceil(IMPORT_MAX_BYTES / 3) * 4, 'the file is larger than 20 MB'),
  format: z.enum(['csv', 'vcard']).optional(),
};

export interface ContactImportReport {
  fileName: string;
  format: 'csv' | 'vcard';
  encoding: string;
  preset: string | null;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Row by row: what was taken, what was skipped and why, and warnings (bounded for the UI). */
  rows: RowReport[];
  rowsTruncated: boolean;
}

/**
 * A file the importer will not read at all (empty, binary, no phone or email column...): an
 * answer for the agent, in their language, rather than a failure of the request.
 */
export interface ContactFileRefused {
  refused: ImportMessage;
}

export interface ContactsSummary {
  count: number;
  lastSyncAt: number | null;
  lastSyncSource: 'indexeddb' | 'dom' | null;
  lastBackup: BackupInfo | null;
  /** False when IT turned restoring off (`backups.restoreAllowed`): the panel offers no restore. */
  restoreAllowed: boolean;
}

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
}
export type EventName = keyof EventMap;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}
