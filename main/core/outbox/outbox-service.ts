import type { Settings } from '../config/schema.ts';
import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';
import type { UiLanguage } from '../ipc/contract.ts';
import type { NoticePreview, OutboxInfo, OutboxItem, RenderedPreview } from '../ipc/outbox-wire.ts';
import type { Logger } from '../log/logger.ts';
import type { Clock } from '../ports.ts';
import { noticeCandidates, recordNotices } from './notices.ts';
import { EMAIL_CHANNEL, Outbox, type QueueRequest } from './outbox.ts';
import { OutboxStore, type OutboxMessage } from './outbox-store.ts';
import { textToHtml, type TemplateValues } from './render.ts';
import type { RetryPolicy } from './retry.ts';
import type { SecretResolver } from './secrets.ts';
import { loadTemplates, renderTemplate, type MessageTemplate, type RenderedMessage } from './templates.ts';

export interface ComposeRequest {
  channel: string;
  to: string;
  contactId?: number | undefined;
  templateId?: string | undefined;
  language: UiLanguage;
  values: TemplateValues;
  /** Free text without a template (the subject for email). */
  subject?: string | undefined;
  text?: string | undefined;
}

export interface NoticeRequest {
  channel: string;
  templateId: string;
  values: TemplateValues;
}

export interface OutboxServiceDeps {
  db: Db;
  writeGate: WriteGate;
  settings: Pick<Settings, 'email' | 'channels'>;
  clock: Clock;
  log: Logger;
  secrets: SecretResolver;
  templatesDir: string;
  language: UiLanguage;
  /** The incident open now, when the kiosk is in failover: the one customer notices belong to. */
  openIncident(): number | null;
  retry?: RetryPolicy;
  pollMs?: number;
}

const EMAIL_ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/;
const PHONE_NUMBER = /^\+?[0-9][0-9 ().-]{2,30}$/;

/** What the pane's Email, SMS and notice tools ask for, on top of the durable outbox. */
export class OutboxService {
  readonly outbox: Outbox;
  readonly #deps: OutboxServiceDeps;
  readonly #templates: MessageTemplate[];
  readonly #problem: string | null;
  readonly #store: OutboxStore;

  constructor(deps: OutboxServiceDeps) {
    this.#deps = deps;
    this.#store = new OutboxStore(deps.db, deps.writeGate);
    this.outbox = new Outbox({
      store: this.#store,
      settings: deps.settings,
      secrets: deps.secrets,
      clock: deps.clock,
      log: deps.log,
      ...(deps.retry ? { retry: deps.retry } : {}),
      ...(deps.pollMs ? { pollMs: deps.pollMs } : {}),
    });
    // A bad template file must not stop the kiosk: the tools still send free text, IT is told.
    try {
      this.#templates = loadTemplates(deps.templatesDir);
      this.#problem = null;
    } catch (error) {
      this.#templates = [];
      this.#problem = (error as Error).message;
      deps.log.error({ it: true }, this.#problem);
    }
  }

  start(): void {
    this.outbox.start();
  }

  stop(): Promise<void> {
    return this.outbox.stop();
  }

  /** Messages still to go out (queued, or caught in the send window): what the hub is told. */
  depth(): number {
    const counts = this.#store.countByState();
    return counts.queued + counts.sending;
  }

  info(): OutboxInfo {
    return {
      channels: this.outbox.channels(),
      templates: this.#templates.map(({ id, kind, title, notice }) => ({ id, kind, title, notice })),
      problem: this.#problem,
      incidentId: this.#deps.openIncident(),
    };
  }

  preview(request: ComposeRequest): RenderedPreview {
    const { subject, text } = this.#compose(request);
    return { subject, text };
  }

  /** Resolves once the message is on disk: only then may the pane say "queued". */
  async queue(request: ComposeRequest): Promise<{ id: number }> {
    const message = this.#compose(request);
    const [id] = await this.outbox.queue([
      this.#queueRequest(request.channel, request.to, message, request.contactId ?? null, request.templateId ?? null),
    ]);
    return { id: id! };
  }

  list(limit: number): OutboxItem[] {
    return this.outbox.store.list(limit).map(toItem);
  }

  async cancel(id: number): Promise<{ cancelled: boolean }> {
    return { cancelled: await this.outbox.cancel(id) };
  }

  noticePreview(request: NoticeRequest): NoticePreview {
    const { incidentId, template, candidates } = this.#notice(request);
    const first = candidates.recipients[0];
    return {
      incidentId,
      count: candidates.recipients.length,
      withoutAddress: candidates.withoutAddress,
      alreadyNotified: candidates.alreadyNotified,
      recipients: candidates.recipients.map(({ id, name, address, language }) => ({ contactId: id, name, address, language })),
      sample: first ? pick(renderTemplate(template, first.language, { ...request.values, customer: first.name })) : null,
    };
  }

  /**
   * Queues one notice per customer and records them in the same transaction: a customer already
   * notified for this incident (a second click, another request) makes the whole batch fail,
   * so nobody is notified twice.
   */
  async sendNotices(request: NoticeRequest & { incidentId: number }): Promise<{ queued: number }> {
    const { incidentId, template, candidates } = this.#notice(request);
    if (incidentId !== request.incidentId) throw new Error('the incident changed since the preview; preview again');
    const { recipients } = candidates;
    if (recipients.length === 0) return { queued: 0 };
    const requests = recipients.map((recipient) =>
      this.#queueRequest(
        request.channel,
        recipient.address,
        renderTemplate(template, recipient.language, { incident: `#${incidentId}`, ...request.values, customer: recipient.name }),
        recipient.id,
        template.id,
        incidentId,
      ),
    );
    const at = this.#deps.clock.now();
    await this.outbox.queue(requests, (ids) =>
      recordNotices(
        this.#deps.db,
        incidentId,
        recipients.map((recipient, index) => ({ contactId: recipient.id, messageId: ids[index]! })),
        at,
      ),
    );
    return { queued: recipients.length };
  }

  #notice(request: NoticeRequest) {
    const incidentId = this.#deps.openIncident();
    if (incidentId === null) throw new Error('no outage is declared: customer notices are offered during one');
    const kind = this.#kind(request.channel);
    const template = this.#template(request.templateId, kind === 'email' ? 'email' : 'sms');
    const candidates = noticeCandidates(
      this.#deps.db,
      incidentId,
      kind === 'email' ? 'email' : 'phone',
      this.#deps.clock.now(),
      this.#deps.language,
    );
    return { incidentId, template, candidates };
  }

  #compose(request: ComposeRequest): RenderedMessage {
    const kind = this.#kind(request.channel);
    const to = request.to.trim();
    if (kind === 'email' ? !EMAIL_ADDRESS.test(to) : !PHONE_NUMBER.test(to)) {
      throw new Error(kind === 'email' ? `not an email address: ${to}` : `not a phone number: ${to}`);
    }
    if (request.templateId) {
      const incident = this.#deps.openIncident();
      const values = { ...(incident !== null ? { incident: `#${incident}` } : {}), ...request.values };
      return renderTemplate(this.#template(request.templateId, kind === 'email' ? 'email' : 'sms'), request.language, values);
    }
    const text = request.text?.trim() ?? '';
    if (text === '') throw new Error('the message is empty');
    if (kind !== 'email') return { subject: null, text, html: null };
    const subject = request.subject?.replace(/[\r\n]+/g, ' ').trim() ?? '';
    if (subject === '') throw new Error('the subject is empty');
    return { subject, text, html: textToHtml(text) };
  }

  #queueRequest(
    channel: string,
    to: string,
    message: RenderedMessage,
    contactId: number | null,
    template: string | null,
    incidentId = this.#deps.openIncident(),
  ): QueueRequest {
    return {
      channel,
      recipient: to.trim(),
      subject: message.subject,
      text: message.text,
      html: message.html,
      contactId,
      incidentId,
      template,
    };
  }

  #kind(channel: string) {
    const found = this.outbox.channels().find((candidate) => candidate.name === channel);
    if (!found) throw new Error(channel === EMAIL_CHANNEL ? 'email is not configured on this kiosk' : `unknown channel: ${channel}`);
    return found.kind;
  }

  #template(id: string, kind: 'email' | 'sms'): MessageTemplate {
    const template = this.#templates.find((candidate) => candidate.id === id && candidate.kind === kind);
    if (!template) throw new Error(`no ${kind} template ${id}`);
    return template;
  }
}

function pick({ subject, text }: RenderedMessage): RenderedPreview {
  return { subject, text };
}

function toItem(message: OutboxMessage): OutboxItem {
  const waiting = message.state === 'queued' || message.state === 'sending';
  return {
    id: message.id,
    channel: message.channel,
    recipient: message.recipient,
    subject: message.subject,
    excerpt: (message.text.split('\n').find((line) => line.trim() !== '') ?? '').slice(0, 140),
    state: message.state,
    attempts: message.attempts,
    reason: message.lastError,
    nextAttemptAt: waiting ? message.nextAttemptAt : null,
    createdAt: message.createdAt,
    sentAt: message.sentAt,
  };
}
