import type { ServerResponse } from 'node:http';

/**
 * One Server-Sent-Events stream to a page: the simulator's stand-in for WhatsApp's websocket.
 * Server to page travels here; page to server travels as POSTs that need this stream open.
 */
export class SseStream {
  readonly #response: ServerResponse;
  #open = true;
  #flapTimer: NodeJS.Timeout | undefined;

  constructor(response: ServerResponse) {
    this.#response = response;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.on('close', () => {
      this.#open = false;
      clearTimeout(this.#flapTimer);
    });
  }

  get open(): boolean {
    return this.#open;
  }

  onClose(listener: () => void): void {
    this.#response.on('close', listener);
  }

  send(message: { type: string } & Record<string, unknown>): void {
    if (this.#open) this.#response.write(`data: ${JSON.stringify(message)}\n\n`);
  }

  /** A clean close from the server: the page sees the stream end and reconnects. */
  end(): void {
    this.#response.end();
  }

  /** An abrupt close, as if the network vanished under the connection. */
  destroy(): void {
    this.#response.destroy();
  }

  endAfter(ms: number): void {
    this.#flapTimer = setTimeout(() => this.end(), ms);
  }
}
