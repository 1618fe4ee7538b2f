import type { KioskStatus } from '../ipc/contract.ts';
import type { ChatReport, OutgoingRow } from './chat-report.ts';
import { textHash } from './text-hash.ts';

/**
 * A queued WhatsApp reply's durable state. `sending` opens the send window: from the moment the
 * text may be in WhatsApp's compose box until the kiosk saw it in the chat with a tick.
 */
export const QUEUE_STATES = ['queued', 'sending', 'sent', 'invalid', 'cancelled'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** What replay needs of a queued message. */
export interface ReplayMessage {
  id: number;
  /** The customer's number, digits only (E.164 without the plus). */
  phone: string;
  text: string;
  state: QueueState;
  /**
   * Ids of the chat's outgoing rows with the same text before the send window opened (stored
   * with `sending`): a row with this text and another id is this message, sent.
   */
  seenBefore: readonly string[];
}

/** Where the replay of the message at the head of the queue stands: in memory, the durable part is the message's state. */
export type ReplayPhase =
  /** Nothing under way; `linkOpen`: a `/send` link is still loaded in WhatsApp's view. */
  | { kind: 'idle'; linkOpen: boolean }
  /** The chat was opened without text, to see what it already holds. */
  | { kind: 'opening-chat'; id: number; since: number }
  /** The chat was opened with the text in its compose box. */
  | { kind: 'opening-draft'; id: number; since: number }
  /** The draft is in the compose box: the agent's Enter, or the kiosk's under `autoSend`. */
  | { kind: 'awaiting-send'; id: number; since: number; pressed: boolean };

export interface ReplayPolicy {
  autoSend: boolean;
  stableMs: number;
  openTimeoutMs: number;
  confirmTimeoutMs: number;
}

export interface ReplayInput {
  now: number;
  /** Whether WhatsApp may be used for replay now (replayReady). */
  ready: boolean;
  /** The oldest message still queued or sending. */
  head: ReplayMessage | null;
  phase: ReplayPhase;
  /** The latest read of the open chat since the last navigation; null before the first. */
  report: ChatReport | null;
  policy: ReplayPolicy;
}

export type ReplayStep =
  | { type: 'wait' }
  /** WhatsApp is not usable: stop where we are (the durable state says where to go on). */
  | { type: 'pause' }
  /** The queue is empty: take WhatsApp's view back to its start page (a reload must not open a draft again). */
  | { type: 'finish' }
  | { type: 'open-chat'; id: number }
  /** Store `sending` with what the chat holds now, then open the draft. */
  | { type: 'begin-send'; id: number; seenBefore: string[] }
  | { type: 'open-draft'; id: number }
  | { type: 'draft-ready'; id: number }
  | { type: 'press-enter'; id: number }
  | { type: 'mark-sent'; id: number; whatsappId: string }
  | { type: 'mark-invalid'; id: number };

/**
 * Whether replay may start: WhatsApp in front, healthy, on its chats, for `stableMs` (a blip right
 * after recovery must not catch a message half way). Once started it goes on while WhatsApp is in
 * front: its own navigations show WhatsApp loading, which is no reason to stop.
 */
export function replayReady(status: KioskStatus, now: number, stableMs: number, underWay: boolean): boolean {
  if (status.mode !== 'whatsapp') return false;
  if (underWay) return true;
  return status.health.level === 'healthy' && status.whatsapp.screen === 'chats' && now - status.health.since >= stableMs;
}

/** Rows of the report that are this message, sent: its text, and not there before the send window. */
export function rowsOfMessage(report: ChatReport, message: ReplayMessage): OutgoingRow[] {
  const hash = textHash(message.text);
  return report.outgoing.filter((row) => row.hash === hash && !message.seenBefore.includes(row.id));
}

/**
 * The next step of the replay. Never twice: text goes into the compose box only after `sending`
 * and the rows already there are stored; a message in `sending` (a crash in the send window, a
 * confirmation that never came) is checked against the chat first, and a row of it on the clock
 * is left to WhatsApp to send. Sent means seen in the chat with a tick.
 */
export function decideReplay({ now, ready, head, phase, report, policy }: ReplayInput): ReplayStep {
  if (!ready) return phase.kind === 'idle' ? { type: 'wait' } : { type: 'pause' };
  if (head === null) return phase.kind === 'idle' && !phase.linkOpen ? { type: 'wait' } : { type: 'finish' };
  if (phase.kind === 'idle' || phase.id !== head.id) return { type: 'open-chat', id: head.id };
  const id = head.id;
  const elapsed = now - phase.since;
  const read = report !== null && report.link?.phone === head.phone ? report : null;

  if (phase.kind === 'opening-chat') {
    if (read === null || read.link?.withText) return elapsed > policy.openTimeoutMs ? { type: 'open-chat', id } : { type: 'wait' };
    if (read.invalidDialog) return { type: 'mark-invalid', id };
    if (!read.chatOpen) return elapsed > policy.openTimeoutMs ? { type: 'open-chat', id } : { type: 'wait' };
    if (head.state === 'queued') {
      const hash = textHash(head.text);
      return { type: 'begin-send', id, seenBefore: read.outgoing.filter((row) => row.hash === hash).map((row) => row.id) };
    }
    const mine = rowsOfMessage(read, head);
    const settled = mine.find((row) => row.status === 'settled');
    if (settled) return { type: 'mark-sent', id, whatsappId: settled.id };
    // On the clock: WhatsApp's own outbox sends it; a new draft would send it twice.
    if (mine.length > 0) return { type: 'wait' };
    return { type: 'open-draft', id };
  }

  if (phase.kind === 'opening-draft') {
    if (read?.link?.withText && read.invalidDialog) return { type: 'mark-invalid', id };
    if (read?.link?.withText && read.chatOpen && read.composer === textHash(head.text)) return { type: 'draft-ready', id };
    // Whatever happened, look at the chat again before any new draft.
    return elapsed > policy.openTimeoutMs ? { type: 'open-chat', id } : { type: 'wait' };
  }

  const mine = read === null ? [] : rowsOfMessage(read, head);
  const settled = mine.find((row) => row.status === 'settled');
  if (settled) return { type: 'mark-sent', id, whatsappId: settled.id };
  if (mine.length > 0) return { type: 'wait' };
  if (policy.autoSend && !phase.pressed) return { type: 'press-enter', id };
  // The draft left the compose box (sent, or cleared) and nothing showed: check the chat, never press again.
  const draftGone = read !== null && read.composer !== textHash(head.text);
  if ((phase.pressed || draftGone) && elapsed > policy.confirmTimeoutMs) return { type: 'open-chat', id };
  return { type: 'wait' };
}

/** The phase after a step was carried out. */
export function phaseAfter(step: ReplayStep, phase: ReplayPhase, now: number): ReplayPhase {
  switch (step.type) {
    case 'wait':
      return phase;
    case 'pause':
      return { kind: 'idle', linkOpen: true };
    case 'finish':
      return { kind: 'idle', linkOpen: false };
    case 'open-chat':
      return { kind: 'opening-chat', id: step.id, since: now };
    case 'begin-send':
    case 'open-draft':
      return { kind: 'opening-draft', id: step.id, since: now };
    case 'draft-ready':
      return { kind: 'awaiting-send', id: step.id, since: now, pressed: false };
    case 'press-enter':
      return { kind: 'awaiting-send', id: step.id, since: now, pressed: true };
    case 'mark-sent':
    case 'mark-invalid':
      return { kind: 'idle', linkOpen: true };
  }
}

/** The `/send` link WhatsApp Web itself supports: the chat with that number, the text in its compose box. */
export function sendLink(whatsappUrl: string, phone: string, text?: string): string {
  const url = new URL('send', whatsappUrl.endsWith('/') ? whatsappUrl : `${whatsappUrl}/`);
  url.searchParams.set('phone', phone);
  if (text !== undefined) url.searchParams.set('text', text);
  return url.toString();
}
