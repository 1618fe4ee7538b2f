import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/**
 * A real SMTP server on loopback for tests and the crash benchmark: it keeps what it accepted,
 * parsed with mailparser, and can misbehave the way company servers do.
 */
export type SmtpBehaviour =
  /** 250: accepted. */
  | 'accept'
  /** A final refusal of the message. */
  | 'reject'
  /** The connection is cut halfway through DATA: nothing delivered. */
  | 'drop-mid-data'
  /** The message is kept, then the connection is cut before the 250: delivered, the client cannot know. */
  | 'accept-then-drop'
  /** No greeting for longer than the client waits: nothing delivered. */
  | 'slow-greeting';

export interface SmtpSink {
  port: number;
  received: ParsedMail[];
  /** The behaviour of each next connection; when empty, `accept`. */
  plan: SmtpBehaviour[];
  slowMs: number;
  /** Resolves once `count` messages were received. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

interface ConnectionWithSocket {
  id?: string;
  session?: { id: string };
  _socket?: { destroy(): void };
}

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const behaviourOf = new Map<string, SmtpBehaviour>();
  const sink: SmtpSink = {
    port: 0,
    received: [],
    plan: [],
    slowMs: 3_000,
    async waitFor(count, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (sink.received.length < count) {
        if (Date.now() > end) throw new Error(`expected ${count} emails, received ${sink.received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return sink.received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const cut = (session: SMTPServerSession) => {
    const connections = (server as unknown as { connections: Set<ConnectionWithSocket> }).connections;
    for (const connection of connections)
      if (connection.session?.id === session.id || connection.id === session.id) connection._socket?.destroy();
  };
  const server = new SMTPServer({
    authOptional: true,
    // No reverse lookup of 127.0.0.1: without a resolver it only waits.
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(session, callback) {
      const behaviour = sink.plan.shift() ?? 'accept';
      behaviourOf.set(session.id, behaviour);
      if (behaviour === 'slow-greeting') setTimeout(() => callback(), sink.slowMs);
      else callback();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === 'desk' && auth.password === 'secret-from-env') callback(null, { user: 'desk' });
      else callback(Object.assign(new Error('535 5.7.8 authentication failed'), { responseCode: 535 }));
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const behaviour = behaviourOf.get(session.id) ?? 'accept';
      const chunks: Buffer[] = [];
      let seen = 0;
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        seen += chunk.length;
        if (behaviour === 'drop-mid-data' && seen > 0) cut(session);
      });
      stream.on('end', () => {
        if (behaviour === 'drop-mid-data') return;
        if (behaviour === 'reject') {
          callback(Object.assign(new Error('554 5.7.1 message refused by policy'), { responseCode: 554 }));
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            sink.received.push(mail);
            if (behaviour === 'accept-then-drop') cut(session);
            else callback();
          })
          .catch((error: unknown) => callback(error as Error));
      });
    },
  });
  // A client killed mid-conversation resets its connection: that is the test, not a server failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  sink.port = (server.server.address() as AddressInfo).port;
  return sink;
}

/** A loopback HTTP server standing in for an SMS gateway: it keeps every request body it answered 2xx. */
export interface HttpGateway {
  url: string;
  received: { headers: IncomingMessage['headers']; body: unknown }[];
  /** Status of each next request; when empty, 200 with `{"status":"queued"}`. */
  plan: number[];
  close(): Promise<void>;
}

export async function startHttpGateway(): Promise<HttpGateway> {
  const gateway: HttpGateway = { url: '', received: [], plan: [], close: () => new Promise((resolve) => server.close(() => resolve())) };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = gateway.plan.shift() ?? 200;
      if (status >= 200 && status < 300) {
        gateway.received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      }
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(status < 300 ? '{"status":"queued"}' : '{"error":"gateway says no"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return gateway;
}
