import type { SseStream } from './sse.ts';

/** The QR codes one pairing page has been shown, as issued by the server. */
export interface QrCycle {
  /** What the page's `div[data-ref]` holds; null while no code is on screen. */
  ref: string | null;
  refreshes: number;
  /** The page gave up and shows the reload button until the agent clicks it. */
  expired: boolean;
  timer: NodeJS.Timeout | undefined;
}

/** One loaded WhatsApp page, known by the client id it picks at load and keeps across reconnects. */
export interface PageSession {
  readonly id: string;
  stream: SseStream | undefined;
  connectedAt: number;
  disconnectedAt: number | undefined;
  /** The linked device whose login keys the page presented; undefined while pairing. */
  deviceId: string | undefined;
  qr: QrCycle;
  pairingCode: string | undefined;
}

/** A page that went away for this long is forgotten (its QR cycle with it). */
const FORGET_AFTER_MS = 60_000;

export class Sessions {
  readonly #byId = new Map<string, PageSession>();

  /** Binds a new stream to the page's session, replacing any stream it still had. */
  attach(id: string, stream: SseStream): PageSession {
    this.#forgetStale();
    const session = this.#byId.get(id) ?? {
      id,
      stream: undefined,
      connectedAt: 0,
      disconnectedAt: undefined,
      deviceId: undefined,
      qr: { ref: null, refreshes: 0, expired: false, timer: undefined },
      pairingCode: undefined,
    };
    session.stream?.end();
    session.stream = stream;
    session.connectedAt = Date.now();
    session.disconnectedAt = undefined;
    this.#byId.set(id, session);
    return session;
  }

  /** False when the stream was already replaced by a newer one of the same page. */
  detach(session: PageSession, stream: SseStream): boolean {
    if (session.stream !== stream) return false;
    session.stream = undefined;
    session.disconnectedAt = Date.now();
    return true;
  }

  get(id: string): PageSession | undefined {
    return this.#byId.get(id);
  }

  all(): PageSession[] {
    return [...this.#byId.values()];
  }

  connected(): PageSession[] {
    return this.all().filter((session) => session.stream !== undefined);
  }

  push(session: PageSession, message: { type: string } & Record<string, unknown>): void {
    session.stream?.send(message);
  }

  broadcast(message: { type: string } & Record<string, unknown>, to: (session: PageSession) => boolean = () => true): void {
    for (const session of this.connected()) if (to(session)) this.push(session, message);
  }

  /** Closes every page's stream: cleanly (pages reconnect) or abruptly (network gone). */
  dropAll(how: 'end' | 'destroy'): void {
    for (const session of this.connected()) session.stream?.[how]();
  }

  #forgetStale(): void {
    const now = Date.now();
    for (const [id, session] of this.#byId) {
      if (session.disconnectedAt !== undefined && now - session.disconnectedAt > FORGET_AFTER_MS) this.#byId.delete(id);
    }
  }
}
