import { z } from 'zod';
import { FAULT_CODES, type FaultCode } from '../health/faults.ts';
import { GUIDANCES } from '../recovery/guidance.ts';
import { WHATSAPP_SCREENS } from '../health/signals.ts';
import type { DiagnosticsReport, MaintenanceStatus } from './maintenance-wire.ts';
import type { QueueState } from '../offline-queue/replay.ts';
import { CALL_OUTCOMES } from './runbook-wire.ts';
import type {
  BackupInfo,
  ContactFileRefused,
  ContactImportProgress,
  ContactImportReport,
  ContactRecord,
  ContactsSummary,
  ImportPreview,
} from './contacts-wire.ts';
import type { NoticePreview, OutboxInfo, OutboxItem, RenderedPreview } from './outbox-wire.ts';

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

/** The effective settings for the read-only Settings panel; `locked`: fixed by IT policy. */
export const settingsViewSchema = z.object({
  entries: z.array(z.object({ key: z.string(), value: z.string().nullable(), locked: z.boolean() })),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

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

/** A reply in the offline WhatsApp queue, as the failover pane lists it. */
export interface QueueItem {
  id: number;
  /** Digits only, country code first. */
  phone: string;
  text: string;
  state: QueueState;
  customerName: string | null;
  /** From the contact backup: where to write instead when the number is not on WhatsApp. */
  email: string | null;
  incidentId: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A note of the agent's; `incidentId` 0: written with no incident open. */
export interface NoteWire {
  incidentId: number;
  customer: string;
  text: string;
  updatedAt: number | null;
}

/** The troubleshooting checklist for the fault at hand, from IT's file; `available` false: the file is bad. */
export interface ChecklistView {
  incidentId: number;
  fault: FaultCode | null;
  steps: { id: string; en: string; zh: string }[];
  ticked: string[];
  available: boolean;
}

/** The phone scripts from IT's file (null: the file is bad), and the open incident for {incident}. */
export interface ScriptsView {
  incidentId: number | null;
  scripts: Record<string, Record<UiLanguage, { title: string; text: string }>> | null;
}

export interface CallRecord {
  id: number;
  incidentId: number;
  at: number;
  customer: string;
  phone: string | null;
  situation: string;
  outcome: (typeof CALL_OUTCOMES)[number];
  callbackAt: number | null;
}
/** Values an agent fills into a message template; text only, shown and sent as text. */
const templateValues = z
  .object({
    customer: z.string().max(200),
    agent: z.string().max(200),
    incident: z.string().max(200),
    expectedRecovery: z.string().max(200),
    message: z.string().max(20_000),
    company: z.string().max(200),
    contactInfo: z.string().max(500),
  })
  .partial()
  .strict();

const outboxChannel = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a channel name from outbox:info');
const templateId = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'a template id from outbox:info');

const composeRequest = z
  .object({
    channel: outboxChannel,
    to: z.string().min(1).max(320),
    contactId: z.int().positive().optional(),
    templateId: templateId.optional(),
    language: z.enum(UI_LANGUAGES),
    values: templateValues.default({}),
    subject: z.string().max(300).optional(),
    text: z.string().max(20_000).optional(),
  })
  .strict();

const noticeRequest = { channel: outboxChannel, templateId, values: templateValues.default({}) };

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
  'settings:view': z.object({}).strict(),
  'backups:restore': z.object({ name: z.string().regex(/^kiosk-\d{8}T\d{9}Z\.sqlite$/, 'a backup name from backups:list') }).strict(),
  'maintenance:status': z.object({}).strict(),
  /** Runs every diagnostic check and writes the report for IT. */
  'maintenance:diagnose': z.object({}).strict(),
  /** IT's deep reset (logs WhatsApp out): only with this exact confirmation, and only where the policy allows it. */
  'maintenance:deep-reset': z.object({ confirm: z.literal('LOG OUT WHATSAPP') }).strict(),
  /** A WhatsApp reply written during an outage; answered once it is on disk. */
  'queue:add': z
    .object({ phone: z.string().min(1).max(40), text: z.string().min(1).max(4_096), contactId: z.int().positive().optional() })
    .strict(),
  'queue:list': z.object({ limit: z.int().min(1).max(500).default(100) }).strict(),
  'queue:cancel': z.object({ id: z.int().positive() }).strict(),
  /** The notes of the open incident (or of no incident), general or for one customer. */
  'notes:get': z.object({ customer: z.string().max(64).default('') }).strict(),
  'notes:save': z.object({ customer: z.string().max(64).default(''), text: z.string().max(20_000) }).strict(),
  'notes:of-incident': z.object({ incidentId: z.int().min(0) }).strict(),
  'checklist:get': z.object({}).strict(),
  'checklist:tick': z.object({ stepId: z.string().regex(/^[a-z0-9-]{1,40}$/), done: z.boolean() }).strict(),
  'calls:scripts': z.object({}).strict(),
  /** The agent starts a call: maintenance waits until its outcome is logged. */
  'calls:start': z.object({}).strict(),
  'calls:log': z
    .object({
      customer: z.string().trim().min(1).max(200),
      phone: z.string().max(40).optional(),
      situation: z.string().regex(/^[a-z-]{1,40}$/),
      outcome: z.enum(CALL_OUTCOMES),
      callbackAt: z.int().positive().optional(),
    })
    .strict()
    .refine(
      (call) => (call.outcome === 'callback') === (call.callbackAt !== undefined),
      'a callback needs its time, and only a callback has one',
    ),
  'calls:list': z.object({ limit: z.int().min(1).max(200).default(20) }).strict(),
  /** The channels, templates and notice offer of the pane's Email and SMS tools. */
  'outbox:info': z.object({}).strict(),
  'outbox:preview': composeRequest,
  /** Answers once the message is written to disk: only then does the pane say "queued". */
  'outbox:queue': composeRequest,
  'outbox:list': z.object({ limit: z.int().min(1).max(500).default(50) }).strict(),
  'outbox:cancel': z.object({ id: z.int().positive() }).strict(),
  'outbox:notices-preview': z.object(noticeRequest).strict(),
  'outbox:notices-send': z.object({ ...noticeRequest, incidentId: z.int().positive() }).strict(),
  /** The supervisors' dashboard this kiosk may open (hub.url or the hub it serves), null when none. */
  'hub:dashboard': z.object({}).strict(),
  /** Opens the dashboard in the shell's window of its own, limited to the hub's origin. */
  'hub:open-dashboard': z.object({}).strict(),
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
  'settings:view': SettingsView;
  'maintenance:status': MaintenanceStatus;
  'maintenance:diagnose': { report: DiagnosticsReport; file: string };
  'maintenance:deep-reset': { ok: true };
  'queue:add': QueueItem;
  'queue:list': QueueItem[];
  'queue:cancel': QueueItem;
  'notes:get': NoteWire;
  'notes:save': NoteWire;
  'notes:of-incident': NoteWire[];
  'checklist:get': ChecklistView;
  'checklist:tick': ChecklistView;
  'calls:scripts': ScriptsView;
  'calls:start': { ok: true };
  'calls:log': CallRecord;
  'calls:list': CallRecord[];
  'outbox:info': OutboxInfo;
  'outbox:preview': RenderedPreview;
  'outbox:queue': { id: number };
  'outbox:list': OutboxItem[];
  'outbox:cancel': { cancelled: boolean };
  'outbox:notices-preview': NoticePreview;
  'outbox:notices-send': { queued: number };
  'hub:dashboard': { url: string | null };
  'hub:open-dashboard': { opened: true };
}

/** Events pushed from the main process to our pages. */
export interface EventMap {
  status: KioskStatus;
  /** While a CRM import runs: how far it is, so the panel shows progress, not a bare busy state. */
  'contacts:import-progress': ContactImportProgress;
  /** A queued WhatsApp reply changed state during replay: the pane lists the queue again. */
  'queue:changed': { id: number };
}
export type EventName = keyof EventMap;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}
