import { AddressBook, contactOpListSchema, contactOpSchema, type SimAddressBookEntry, type SimContactOp } from './address-book.ts';
import { HttpError, parseInput } from './errors.ts';
import { ActiveFaults, ONE_SHOT_FAULTS, parseFaultOptions, type FaultOptionsInput, type SimFault } from './faults.ts';
import type { Lang } from './i18n.ts';
import type { LocalNetwork } from './local-network.ts';
import type { SimulatorOptions } from './options.ts';
import { ACK, Outbox, type OutgoingMessage } from './outbox.ts';
import { Pairing } from './pairing.ts';
import type { PageFrame } from './protocol.ts';
import { Sessions, type PageSession } from './sessions.ts';
import type { SseStream } from './sse.ts';
import type { SimBuild, SimState, SimulatorControl } from './types.ts';
import { z } from 'zod';
import { BUILD_PATTERN } from './options.ts';

const buildSchema = z.object({ version: z.string().regex(BUILD_PATTERN), movesMarker: z.boolean().optional() }).strict();
const minChromeSchema = z.int().min(1).max(10_000);
const heapSchema = z.int().min(1).max(2_000);

/**
 * The simulated WhatsApp service behind both the page routes and the control API: linked
 * devices, the pages' sockets, sent messages, and the faults that bend them.
 */
export class Simulation implements SimulatorControl {
  readonly faults = new ActiveFaults();
  readonly #sessions = new Sessions();
  readonly #pairing: Pairing;
  readonly #outbox: Outbox;
  readonly #network: LocalNetwork;
  readonly #book: AddressBook;
  #lang: Lang;
  /** Where the captive portal sends WhatsApp's requests: a page on "the rest of the internet". */
  portalUrl = 'about:blank';
  #build: SimBuild;
  #assetFetches = 0;

  constructor(options: SimulatorOptions, network: LocalNetwork) {
    this.#network = network;
    this.#lang = options.lang;
    this.#build = { version: options.build, movesMarker: false, minChromeMajor: options.minChromeMajor };
    this.#book = new AddressBook(options.addressBookSize, options.lang);
    this.#pairing = new Pairing(options, this.faults, this.#sessions);
    this.#outbox = new Outbox(
      options.ackDelayMs,
      () => this.faults.has('stuck-pending'),
      (message) => this.#sessions.broadcast({ type: 'ack', ...messageForPage(message) }, isPaired),
    );
  }

  get lang(): Lang {
    return this.#lang;
  }

  /** Without flapping, socket-drop refuses every new socket. */
  acceptsSocket(): boolean {
    const drop = this.faults.get('socket-drop');
    return drop === undefined || drop.flapMs !== undefined;
  }

  connect(clientId: string, key: string | undefined, stream: SseStream): void {
    const session = this.#sessions.attach(clientId, stream);
    stream.onClose(() => {
      if (this.#sessions.detach(session, stream)) this.#pairing.pauseQr(session);
    });
    const flapMs = this.faults.get('socket-drop')?.flapMs;
    if (flapMs !== undefined) stream.endAfter(flapMs);

    const device = key === undefined ? undefined : this.#pairing.deviceFor(key);
    session.deviceId = device?.id;
    // A page whose keys the server does not know is logged out: it drops them and pairs again.
    this.#sessions.push(session, {
      type: 'hello',
      lang: this.#lang,
      paired: device !== undefined,
      messages: device === undefined ? [] : this.#outbox.list().map(messageForPage),
      addressBook: device === undefined ? null : this.#bookForPage(),
    });
    if (device === undefined) this.#pairing.resumeQr(session);
    // Page faults stay in force for pages that connect later: a crash or hang loop until cleared.
    for (const fault of PAGE_FAULT_NAMES) if (this.faults.has(fault)) this.#sessions.push(session, PAGE_FAULTS[fault]);
    for (const fault of ACCOUNT_FAULT_NAMES) {
      if (this.faults.has(fault) && device !== undefined) this.#sessions.push(session, { type: ACCOUNT_FAULTS[fault], on: true });
    }
    if (this.faults.has('marker-drift')) this.#sessions.push(session, { type: 'marker-drift', on: true });
  }

  /** A frame a page sent up its socket; the answer goes back as the POST's response. */
  receive(clientId: string, frame: PageFrame): Record<string, unknown> {
    const session = this.#sessions.get(clientId);
    if (session?.stream === undefined) throw new HttpError(409, 'the socket of this page is not connected');
    switch (frame.type) {
      case 'send':
        if (session.deviceId === undefined) throw new HttpError(403, 'this page is not logged in');
        if (!this.#book.has(frame.chat)) throw new HttpError(400, `unknown chat '${frame.chat}'`);
        this.#outbox.accept({ id: frame.id, chat: frame.chat, text: frame.text });
        return { ok: true };
      case 'qr-restart':
        if (session.deviceId !== undefined) throw new HttpError(409, 'this page is already logged in');
        this.#pairing.restartQr(session);
        return { ok: true };
      case 'pair-code':
        return { code: this.#pairing.requestCode(session) };
      case 'takeover':
        // The other window loses the session; here WhatsApp works again.
        if (session.deviceId === undefined) throw new HttpError(403, 'this page is not logged in');
        this.clear('conflict');
        return { ok: true };
    }
  }

  async scanQr(): Promise<void> {
    this.#sendBook(this.#pairing.scan());
  }

  async linkWithCode(code?: string): Promise<void> {
    this.#sendBook(this.#pairing.enterCode(code));
  }

  updateContacts(ops: SimContactOp | readonly SimContactOp[]): number {
    const list = Array.isArray(ops)
      ? parseInput(contactOpListSchema, ops, 'contact operations')
      : [parseInput(contactOpSchema, ops, 'contact operation')];
    const change = this.#book.apply(list);
    this.#sessions.broadcast({ type: 'address-book', ...this.#bookForPage(), changes: change.entries }, isPaired);
    return change.revision;
  }

  addressBook(): SimAddressBookEntry[] {
    return this.#book.list();
  }

  /** A logged-in page's initial sync of the address book, one slice at a time. */
  addressBookSlice(clientId: string, offset: number, limit: number) {
    if (this.#sessions.get(clientId)?.deviceId === undefined) throw new HttpError(403, 'this page is not logged in');
    return this.#book.slice(offset, limit);
  }

  setLanguage(lang: Lang): void {
    this.#lang = lang;
    this.#sessions.broadcast({ type: 'lang', lang });
  }

  inject<F extends SimFault>(fault: F, opts?: FaultOptionsInput<F>): void {
    const options = parseFaultOptions(fault, opts);
    if (!ONE_SHOT_FAULTS.has(fault)) this.faults.set(fault, options);
    this.#onInject(fault);
  }

  clear(fault?: SimFault): void {
    for (const active of fault === undefined ? this.faults.names() : [fault]) {
      if (!this.faults.has(active)) continue;
      this.faults.delete(active);
      this.#onClear(active);
    }
  }

  state(): SimState {
    return {
      lang: this.#lang,
      paired: this.#pairing.deviceCount > 0,
      devices: this.#pairing.deviceCount,
      faults: this.faults.snapshot(),
      clients: this.#sessions.all().map((session) => ({
        id: session.id,
        connected: session.stream !== undefined,
        paired: session.deviceId !== undefined,
        qr: { ref: session.qr.ref, refreshes: session.qr.refreshes, expired: session.qr.expired },
        pairingCode: session.pairingCode ?? null,
      })),
      messages: this.#outbox.list(),
      addressBook: this.#book.summary(),
      build: { ...this.#build },
      assetFetches: this.#assetFetches,
    };
  }

  get build(): SimBuild {
    return this.#build;
  }

  setBuild(version: string, opts: { movesMarker?: boolean } = {}): void {
    const parsed = parseInput(buildSchema, { version, ...opts }, 'build');
    this.#build = { ...this.#build, version: parsed.version, movesMarker: parsed.movesMarker ?? false };
  }

  setMinChromeMajor(major: number): void {
    this.#build = { ...this.#build, minChromeMajor: parseInput(minChromeSchema, major, 'minimum Chrome major') };
  }

  growHeap(mb: number): void {
    this.#sessions.broadcast({ type: 'grow-heap', mb: parseInput(heapSchema, mb, 'heap growth (MB)') });
  }

  /** The page's cacheable asset was fetched from the server (not from a browser's cache). */
  assetFetched(): void {
    this.#assetFetches += 1;
  }

  close(): void {
    this.#pairing.close();
    this.#outbox.close();
    this.#sessions.dropAll('destroy');
  }

  /** What a fault does at once; the rest happens as requests arrive (see request-gate.ts). */
  #onInject(fault: SimFault): void {
    switch (fault) {
      case 'outage':
      case 'server-error':
      case 'socket-drop':
        this.#sessions.dropAll('end');
        return;
      case 'local-network-down':
        this.#sessions.dropAll('destroy');
        this.#network.cut();
        return;
      case 'qr-unavailable':
        for (const session of this.#pairingPages()) this.#pairing.hideQr(session);
        return;
      case 'logout':
        this.#logout();
        return;
      case 'browser-rejected':
      case 'crash':
      case 'hang':
        this.#sessions.broadcast(PAGE_FAULTS[fault]);
        return;
      case 'conflict':
      case 'account-blocked':
        this.#sessions.broadcast({ type: ACCOUNT_FAULTS[fault], on: true }, isPaired);
        return;
      case 'marker-drift':
        this.#sessions.broadcast({ type: 'marker-drift', on: true });
        return;
      case 'captive-portal':
      case 'proxy-auth':
        // The network stands between the pages and WhatsApp from now on: their sockets die.
        this.#sessions.dropAll('end');
        return;
      case 'latency':
      case 'stuck-pending':
      case 'media-failure':
        return;
    }
  }

  #onClear(fault: SimFault): void {
    if (fault === 'conflict' || fault === 'account-blocked') this.#sessions.broadcast({ type: ACCOUNT_FAULTS[fault], on: false }, isPaired);
    if (fault === 'marker-drift') this.#sessions.broadcast({ type: 'marker-drift', on: false });
    if (fault === 'qr-unavailable') for (const session of this.#pairingPages()) this.#pairing.resumeQr(session);
    if (fault === 'stuck-pending') this.#outbox.release();
  }

  /** The phone unlinked this computer: the server forgets it and tells the pages. */
  #logout(): void {
    this.#pairing.forgetDevices();
    for (const session of this.#sessions.all().filter(isPaired)) {
      session.deviceId = undefined;
      this.#sessions.push(session, { type: 'logout' });
      if (session.stream !== undefined) this.#pairing.restartQr(session);
    }
  }

  /** What a logged-in page needs to know of the book: whether its copy is current, and its chat list. */
  #bookForPage() {
    return { revision: this.#book.revision, chatList: this.#book.chatList() };
  }

  /** A freshly linked page learns the book at once, as WhatsApp's initial sync follows linking. */
  #sendBook(session: PageSession): void {
    this.#sessions.push(session, { type: 'address-book', ...this.#bookForPage() });
  }

  #pairingPages(): PageSession[] {
    return this.#sessions.connected().filter((session) => !isPaired(session));
  }
}

/**
 * Faults acted out by the page itself, and what tells it to. The real site makes outdated
 * clients reload, which lands them on the "update your browser" page.
 */
const PAGE_FAULTS = {
  'browser-rejected': { type: 'reload' },
  crash: { type: 'crash' },
  hang: { type: 'hang' },
} as const satisfies Partial<Record<SimFault, { type: string }>>;

const PAGE_FAULT_NAMES = Object.keys(PAGE_FAULTS) as Array<keyof typeof PAGE_FAULTS>;

/** What the server tells a logged-in page about its account: opened elsewhere, or banned. */
const ACCOUNT_FAULTS = { conflict: 'conflict', 'account-blocked': 'blocked' } as const satisfies Partial<Record<SimFault, string>>;
const ACCOUNT_FAULT_NAMES = Object.keys(ACCOUNT_FAULTS) as Array<keyof typeof ACCOUNT_FAULTS>;

function isPaired(session: PageSession): boolean {
  return session.deviceId !== undefined;
}

/** Pages know message status by WhatsApp's ack number, not by name. */
function messageForPage(message: OutgoingMessage) {
  return { id: message.id, chat: message.chat, text: message.text, ack: ACK[message.status], at: message.at };
}
