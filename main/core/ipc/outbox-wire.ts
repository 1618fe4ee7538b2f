/**
 * The outbox's shapes on the wire: what the main process answers our pages about email, SMS and
 * customer notices. The renderer imports these and nothing else of the outbox.
 */
import type { UiLanguage } from './contract.ts';

export type ChannelKind = 'email' | 'sms' | 'messenger';
export type OutboxStateName = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxInfo {
  /** Email first when configured, then IT's HTTP channels. */
  channels: { name: string; kind: ChannelKind }[];
  templates: { id: string; kind: 'email' | 'sms'; title: Record<UiLanguage, string>; notice: boolean }[];
  /** A template file IT must fix; the tools still work with free text. */
  problem: string | null;
  /** Whether a customer-notice offer stands: an outage is declared and an incident is open. */
  incidentId: number | null;
}

export interface RenderedPreview {
  subject: string | null;
  text: string;
}

export interface OutboxItem {
  id: number;
  channel: string;
  recipient: string;
  subject: string | null;
  /** The first line of the text, for the list. */
  excerpt: string;
  state: OutboxStateName;
  attempts: number;
  /** The server's or gateway's reason after a failure (temporary or final). */
  reason: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
  sentAt: number | null;
}

export interface NoticePreview {
  incidentId: number;
  /** Customers who would get the notice now. */
  count: number;
  /** Customers with a recent or unread chat and no address on this channel. */
  withoutAddress: number;
  /** Already notified for this incident: never again. */
  alreadyNotified: number;
  recipients: { contactId: number; name: string; address: string; language: UiLanguage }[];
  sample: RenderedPreview | null;
}
