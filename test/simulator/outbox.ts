export type MessageStatus = 'pending' | 'sent' | 'delivered';

export interface OutgoingMessage {
  id: string;
  chat: string;
  text: string;
  status: MessageStatus;
  at: number;
}

const NEXT: Readonly<Record<MessageStatus, MessageStatus | undefined>> = {
  pending: 'sent',
  sent: 'delivered',
  delivered: undefined,
};

/** WhatsApp's ack numbers, as the page shows them: clock, one tick, two ticks. */
export const ACK: Readonly<Record<MessageStatus, number>> = { pending: 0, sent: 1, delivered: 2 };

/** Messages the agent sent, and the server acknowledging them one status step at a time. */
export class Outbox {
  readonly #messages = new Map<string, OutgoingMessage>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #ackDelayMs: number;
  readonly #isStuck: () => boolean;
  readonly #onAck: (message: OutgoingMessage) => void;

  constructor(ackDelayMs: number, isStuck: () => boolean, onAck: (message: OutgoingMessage) => void) {
    this.#ackDelayMs = ackDelayMs;
    this.#isStuck = isStuck;
    this.#onAck = onAck;
  }

  /** Pages resend what they are unsure about, so a known id is accepted and ignored. */
  accept(message: Pick<OutgoingMessage, 'id' | 'chat' | 'text'>): void {
    if (this.#messages.has(message.id)) return;
    const stored: OutgoingMessage = { ...message, status: 'pending', at: Date.now() };
    this.#messages.set(stored.id, stored);
    this.#advanceLater(stored);
  }

  /** After stuck-pending is cleared the server catches up, as the real one does. */
  release(): void {
    for (const message of this.#messages.values()) {
      if (!this.#timers.has(message.id)) this.#advanceLater(message);
    }
  }

  list(): OutgoingMessage[] {
    return [...this.#messages.values()].map((message) => ({ ...message }));
  }

  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #advanceLater(message: OutgoingMessage): void {
    if (this.#isStuck() || NEXT[message.status] === undefined) return;
    const timer = setTimeout(() => {
      this.#timers.delete(message.id);
      const next = NEXT[message.status];
      if (this.#isStuck() || next === undefined) return;
      message.status = next;
      this.#onAck(message);
      this.#advanceLater(message);
    }, this.#ackDelayMs);
    this.#timers.set(message.id, timer);
  }
}
