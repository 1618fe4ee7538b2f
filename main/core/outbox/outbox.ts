import { randomUUID } from 'node:crypto';
import type { Settings } from '../config/schema.ts';
import type { Logger } from '../log/logger.ts';
import type { Clock } from '../ports.ts';
import { Timers } from '../runtime/guarded.ts';
import { sendEmail } from './email-channel.ts';
import { sendHttp } from './http-channel.ts';
import type { NewOutboxMessage, OutboxMessage, OutboxStore } from './outbox-store.ts';
import { afterAttempt, DEFAULT_RETRY, type RetryPolicy, type SendOutcome } from './retry.ts';
import type { SecretResolver } from './secrets.ts';

export const EMAIL_CHANNEL = 'email';

export interface OutboxDeps {
  store: OutboxStore;
  settings: Pick<Settings, 'email' | 'channels'>;
  secrets: SecretResolver;
  clock: Clock;
  log: Logger;
  retry?: RetryPolicy;
  /** How often the loop looks for due messages (retries fall due between beats). */
  pollMs?: number;
  random?: () => number;
  /** Sends one message; the real channels unless a test or benchmark supplies its own. */
  send?: (message: OutboxMessage) => Promise<SendOutcome>;
}

export type QueueRequest = Omit<NewOutboxMessage, 'messageId'>;

/**
 * The durable outbox: messages are written before "queued" is said, sent one at a time by a loop
 * on the kiosk's clock, retried with backoff on temporary failures, stopped with the server's
 * reason on permanent ones. A message found in its send window at start-up (a crash while
 * sending) is sent again with the same Message-ID: it may have been delivered once already.
 */
export class Outbox {
  readonly store: OutboxStore;
  readonly #deps: OutboxDeps;
  readonly #timers: Timers;
  readonly #retry: RetryPolicy;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
    this.store = deps.store;
    this.#timers = new Timers(deps.clock, deps.log);
    this.#retry = deps.retry ?? DEFAULT_RETRY;
  }

  /** The channels an agent can choose: email when configured, then IT's HTTP channels. */
  channels(): { name: string; kind: 'email' | 'sms' | 'messenger' }[] {
    const { email, channels } = this.#deps.settings;
    return [
      ...(email.host !== '' ? [{ name: EMAIL_CHANNEL, kind: 'email' as const }] : []),
      ...channels.http.map(({ name, kind }) => ({ name, kind })),
    ];
  }

  start(): void {
    for (const message of this.store.crashedInSendWindow()) {
      this.#deps.log.warn(
        { id: message.id, messageId: message.messageId },
        'outbox: message was in its send window at a crash; sending it again with the same Message-ID',
      );
    }
    this.#timers.every(this.#deps.pollMs ?? 1_000, 'outbox send loop', () => this.drain());
    this.wake();
  }

  /** Writes the messages durably (one transaction), then lets the loop send them. */
  async queue(requests: QueueRequest[], alongside?: (ids: number[]) => void): Promise<number[]> {
    const known = new Set(this.channels().map((channel) => channel.name));
    for (const request of requests) if (!known.has(request.channel)) throw new Error(`unknown channel: ${request.channel}`);
    const messages = requests.map((request) => ({ ...request, messageId: newMessageId(request.channel, this.#deps.settings.email.from) }));
    const ids = await this.store.add(messages, this.#deps.clock.now(), alongside);
    this.#deps.log.info({ ids, channel: requests[0]?.channel }, 'outbox: queued');
    this.wake();
    return ids;
  }

  cancel(id: number): Promise<boolean> {
    return this.store.cancel(id, this.#deps.clock.now());
  }

  /** Runs the loop now instead of at its next beat. */
  wake(): void {
    this.#timers.after(0, 'outbox send loop', () => this.drain());
  }

  /** Sends every due message, one at a time; a second call while one runs joins it. */
  async drain(): Promise<void> {
    if (this.#running) return this.#running;
    this.#running = this.#drain().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** Stops the loop and waits for a send under way, so its outcome is written. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timers.stop();
    await this.#running;
  }

  async #drain(): Promise<void> {
    const { clock, log } = this.#deps;
    const tried: number[] = [];
    for (;;) {
      if (this.#stopped) return;
      const message = this.store.nextDue(clock.now(), tried);
      if (!message) return;
      tried.push(message.id);
      if (!(await this.store.markSending(message.id, clock.now()))) continue;
      let outcome: SendOutcome;
      try {
        outcome = await this.#send(message);
      } catch (error) {
        // A channel that throws is a bug or a surprise; it is retried like a temporary failure.
        outcome = { ok: false, temporary: true, reason: (error as Error).message };
      }
      const result = afterAttempt(outcome, message.attempts + 1, clock.now(), this.#retry, (this.#deps.random ?? Math.random)());
      await this.store.settle(message.id, result, clock.now());
      log.info(
        { id: message.id, channel: message.channel, state: result.state, ...('reason' in result ? { reason: result.reason } : {}) },
        'outbox: attempt',
      );
    }
  }

  #send(message: OutboxMessage): Promise<SendOutcome> {
    if (this.#deps.send) return this.#deps.send(message);
    const { email, channels } = this.#deps.settings;
    if (message.channel === EMAIL_CHANNEL) return sendEmail(email, this.#deps.secrets, message);
    const channel = channels.http.find((candidate) => candidate.name === message.channel);
    if (!channel) return Promise.resolve({ ok: false, temporary: false, reason: `the channel ${message.channel} is no longer configured` });
    return sendHttp(channel, message, this.#deps.secrets);
  }
}

/** A Message-ID of our own, fixed at queue time: `<uuid@sender's domain>` (RFC 5322). */
export function newMessageId(channel: string, from: string | undefined): string {
  const domain = channel === EMAIL_CHANNEL && from?.includes('@') ? from.split('@').pop()! : 'wa-continuity-kiosk.invalid';
  return `<${randomUUID()}@${domain}>`;
}
