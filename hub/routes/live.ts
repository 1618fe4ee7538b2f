import type { FastifyInstance } from 'fastify';
import type { LiveMessage } from '../hub.ts';
import type { Role } from '../model.ts';
import type { HubStore } from '../store/store.ts';
import type { RouteContext } from './common.ts';

interface Stream {
  sessionHash: string;
  username: string;
  role: Role;
  end(): void;
}

/**
 * The open live streams (server-sent events) of this hub. A stream lasts only as long as its
 * session: it ends at once when this hub ends the session (sign-out, account removed, disabled,
 * role or password changed), and a periodic check ends it when the session expired or another hub
 * on the same database ended it.
 */
export class LiveStreams {
  readonly #streams = new Set<Stream>();
  readonly #store: HubStore;
  readonly #now: () => number;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(store: HubStore, now: () => number, checkMs: number, onError: (error: unknown) => void) {
    this.#store = store;
    this.#now = now;
    this.#timer = setInterval(() => {
      this.check().catch(onError);
    }, checkMs);
    this.#timer.unref();
  }

  get size(): number {
    return this.#streams.size;
  }

  add(stream: Stream): () => void {
    this.#streams.add(stream);
    return () => this.#streams.delete(stream);
  }

  endSession(sessionHash: string): void {
    this.#end((stream) => stream.sessionHash === sessionHash);
  }

  /** Ends the account's streams, all of them or all but one session's. */
  endUser(username: string, keepSession?: string): void {
    this.#end((stream) => stream.username === username && stream.sessionHash !== keepSession);
  }

  /** Ends every stream whose session no longer holds, or now holds another role. */
  async check(): Promise<void> {
    for (const stream of [...this.#streams]) {
      const account = await this.#store.sessionUser(stream.sessionHash, this.#now());
      if (!account || account.role !== stream.role) this.#end((other) => other === stream);
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.#end(() => true);
  }

  #end(which: (stream: Stream) => boolean): void {
    for (const stream of [...this.#streams]) {
      if (!which(stream)) continue;
      this.#streams.delete(stream);
      stream.end();
    }
  }
}

/** `GET /api/live`: a snapshot of the floor, then every change any hub on the database hears of. */
export function liveRoutes(app: FastifyInstance, { hub, live, anyone }: RouteContext): void {
  app.get('/api/live', { onRequest: anyone }, (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    const send = (data: LiveMessage | { type: 'snapshot' | 'ended'; [key: string]: unknown }) =>
      reply.raw.write(`data: ${JSON.stringify(data)}\n\n`);
    send({ type: 'snapshot', seats: hub.seats, platforms: hub.platforms });
    const unsubscribe = hub.subscribe(send);
    const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), 15_000);
    const stop = () => {
      clearInterval(keepAlive);
      unsubscribe();
      forget();
    };
    const forget = live.add({
      sessionHash: request.sessionHash!,
      username: request.account!.username,
      role: request.account!.role,
      end() {
        stop();
        // The dashboard hears why before the stream closes, and shows the sign-in.
        send({ type: 'ended' });
        reply.raw.end();
      },
    });
    request.raw.once('close', stop);
  });
}
