import { z } from 'zod';
import { FAULT_CODES } from '../health/faults.ts';
import { MODES, healthLevelSchema } from '../ipc/contract.ts';

/**
 * What a seat tells the hub, and what the hub answers: one definition for the reporter (zod) and
 * the hub's routes (JSON Schema derived from it). Only codes, counts, times and versions: no field
 * can carry message text, a contact's name, a number or an email (test/hub/privacy.test.ts).
 */
const count = z.int().min(0).max(10_000_000);
const time = z.int().min(0).max(8_640_000_000_000);
const version = z.string().regex(/^[0-9A-Za-z.+_-]{1,40}$/);

/** The incident timeline kinds a seat reports: the seat's own kinds, never their free-text details. */
export const SEAT_EVENT_KINDS = [
  'first-signal',
  'detected',
  'healing',
  'healed',
  'escalated',
  'failover',
  'failback',
  'recovered',
] as const;
export type SeatEventKind = (typeof SEAT_EVENT_KINDS)[number];

export const heartbeatSchema = z.strictObject({
  level: healthLevelSchema,
  fault: z.enum(FAULT_CODES).nullable(),
  healthSince: time,
  mode: z.enum(MODES),
  modeSince: time,
  queueDepth: count.optional(),
  queueOldestAgeMs: count.optional(),
  outboxDepth: count.optional(),
  appVersion: version,
  whatsappVersion: version.nullable(),
  memoryMb: count.nullable(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;

export const seatEventSchema = z.strictObject({
  /** The seat's own increasing number for this event: the hub keeps each (seat, seq) once. */
  seq: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** The seat's incident this event belongs to, so the hub groups a timeline. */
  incident: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  at: time,
  kind: z.enum(SEAT_EVENT_KINDS),
  fault: z.enum(FAULT_CODES).nullable(),
});
export type SeatEvent = z.infer<typeof seatEventSchema>;

export const REPORT_MAX_EVENTS = 200;

export const reportSchema = z.strictObject({
  /**
   * Strictly increasing per seat (the reporter starts it from its clock): a request the hub saw
   * before, or an older one, is a replay and is refused.
   */
  n: z.int().min(1).max(Number.MAX_SAFE_INTEGER),
  sentAt: time,
  heartbeat: heartbeatSchema,
  events: z.array(seatEventSchema).max(REPORT_MAX_EVENTS),
});
export type Report = z.infer<typeof reportSchema>;

export const reportAnswerSchema = z.strictObject({
  /** The highest event seq the hub holds for this seat: the reporter drops everything up to it. */
  ackedSeq: z.int().min(0),
  /** A fleet-wide outage this seat is part of: "WhatsApp is down for everyone". */
  platform: z.strictObject({ id: z.int(), fault: z.enum(FAULT_CODES), since: time, seats: count }).nullable(),
  /** How often the hub wants a heartbeat. */
  heartbeatMs: z.int().min(1_000).max(600_000),
});
export type ReportAnswer = z.infer<typeof reportAnswerSchema>;

export const enrolSchema = z.strictObject({
  enrolmentToken: z.string().min(16).max(200),
  seatId: z.string().regex(/^[0-9A-Za-z._-]{1,64}$/),
  team: z.string().min(1).max(64).optional(),
  site: z.string().min(1).max(64).optional(),
});
export type Enrolment = z.infer<typeof enrolSchema>;

export const enrolAnswerSchema = z.strictObject({ deviceToken: z.string(), seatId: z.string() });
