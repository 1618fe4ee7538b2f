import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatReport } from '../../main/core/offline-queue/chat-report.ts';
import { textHash } from '../../main/core/offline-queue/text-hash.ts';

interface Row {
  id: string;
  text: string;
  status: 'pending' | 'settled';
}

/**
 * WhatsApp's side of the crash bench, kept in the bench's own process so that killing the kiosk
 * child loses nothing of it: chats by number, the `/send` link open in the view and its draft, an
 * Enter that sends the draft (a row on the clock, a tick `ackMs` later). Every send is recorded.
 * The kiosk child reaches it over loopback HTTP through a surface of three calls.
 */
export class StandInWhatsApp {
  readonly chats = new Map<string, Row[]>();
  #link: { phone: string; withText: boolean } | null = null;
  #draft = '';
  #seq = 0;
  readonly #ackMs: number;
  #server: Server | null = null;

  constructor(numbers: readonly string[], ackMs: number) {
    for (const number of numbers) this.chats.set(number, []);
    this.#ackMs = ackMs;
  }

  /** Every text sent to anyone, in order. */
  sent(): string[] {
    return [...this.chats.values()].flat().map((row) => row.text);
  }

  async listen(): Promise<string> {
    this.#server = createServer((request, response) => {
      this.#handle(request)
        .then((body) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? null)))
        .catch((error: unknown) => response.writeHead(500).end(String(error)));
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  async #handle(request: IncomingMessage): Promise<unknown> {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    switch (request.url) {
      case '/open': {
        const url = new URL((JSON.parse(body) as { url: string }).url);
        const isLink = url.pathname.endsWith('/send');
        this.#link = isLink ? { phone: url.searchParams.get('phone') ?? '', withText: url.searchParams.has('text') } : null;
        this.#draft = url.searchParams.get('text') ?? '';
        return null;
      }
      case '/press':
        return this.#press();
      case '/read':
        return this.#read();
      default:
        throw new Error(`unknown call ${request.url}`);
    }
  }

  #press(): null {
    const rows = this.#link ? this.chats.get(this.#link.phone) : undefined;
    if (!rows || this.#draft.trim() === '') return null;
    const row: Row = { id: `true_${this.#link!.phone}@c.us_${this.#seq++}`, text: this.#draft, status: 'pending' };
    rows.push(row);
    this.#draft = '';
    setTimeout(() => (row.status = 'settled'), this.#ackMs).unref();
    return null;
  }

  #read(): ChatReport {
    const rows = this.#link ? this.chats.get(this.#link.phone) : undefined;
    return {
      link: this.#link,
      chatOpen: rows !== undefined,
      composer: rows && this.#draft.trim() !== '' ? textHash(this.#draft) : null,
      invalidDialog: this.#link !== null && rows === undefined,
      outgoing: (rows ?? []).map((row) => ({ id: row.id, hash: textHash(row.text), status: row.status })),
    };
  }
}
