import type { ContactStore } from '../contacts/contact-store.ts';
import type { QueueItem } from '../ipc/contract.ts';
import type { QueuedReply, QueueStore } from './queue-store.ts';

/** WhatsApp numbers are E.164: up to 15 digits with the country code. */
const PHONE = /^\+?\d{6,15}$/;

export interface QueueRequest {
  phone: string;
  text: string;
  contactId?: number | undefined;
}

/**
 * What the failover pane does with the queue: add a reply (durable before the answer), list,
 * cancel one not yet in its send window. The customer's name and email come from the contact
 * backup, so a number not on WhatsApp can be answered by email or phone instead.
 */
export class OfflineQueue {
  readonly #store: QueueStore;
  readonly #contacts: ContactStore;
  readonly #incident: () => number | null;
  readonly #now: () => number;

  constructor(store: QueueStore, contacts: ContactStore, incident: () => number | null, now: () => number) {
    this.#store = store;
    this.#contacts = contacts;
    this.#incident = incident;
    this.#now = now;
  }

  /** Resolves once the reply is on disk: only then may the pane say "queued". */
  async add({ phone, text, contactId }: QueueRequest): Promise<QueueItem> {
    const compact = phone.replace(/[\s().-]/g, '');
    if (!PHONE.test(compact)) throw new Error('the number must be a full international number (country code first), 6 to 15 digits');
    if (text.trim() === '') throw new Error('the message is empty');
    const contact = contactId === undefined ? null : this.#contacts.get(contactId);
    const stored = await this.#store.add(
      {
        phone: compact.replace('+', ''),
        text,
        incidentId: this.#incident(),
        contactId: contact?.id ?? null,
        customerName: contact?.name ?? contact?.pushName ?? null,
      },
      this.#now(),
    );
    return this.#item(stored);
  }

  list(limit: number): QueueItem[] {
    return this.#store.list(limit).map((reply) => this.#item(reply));
  }

  async cancel(id: number): Promise<QueueItem> {
    await this.#store.cancel(id, this.#now());
    const reply = this.#store.get(id);
    if (reply === null) throw new Error(`no queued message ${id}`);
    return this.#item(reply);
  }

  #item(reply: QueuedReply): QueueItem {
    const contact = reply.contactId === null ? null : this.#contacts.get(reply.contactId);
    return {
      id: reply.id,
      phone: reply.phone,
      text: reply.text,
      state: reply.state,
      customerName: reply.customerName,
      email: contact?.emails[0] ?? null,
      incidentId: reply.incidentId,
      createdAt: reply.createdAt,
      updatedAt: reply.updatedAt,
    };
  }
}
