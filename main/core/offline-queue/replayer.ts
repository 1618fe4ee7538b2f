import type { KioskStatus } from '../ipc/contract.ts';
import type { Logger } from '../log/logger.ts';
import type { WhatsAppSurface } from '../ports.ts';
import type { Timers } from '../runtime/guarded.ts';
import type { ChatMarkers } from './chat-markers.ts';
import { parseChatReport, type ChatReport } from './chat-report.ts';
import type { QueueStore } from './queue-store.ts';
import { decideReplay, phaseAfter, replayReady, sendLink, type ReplayPhase, type ReplayPolicy, type ReplayStep } from './replay.ts';

/** How often the replay looks at WhatsApp's chat and takes its next step. */
export const REPLAY_TICK_MS = 400;

export interface ReplayerDeps {
  store: QueueStore;
  surface: WhatsAppSurface;
  timers: Timers;
  now: () => number;
  log: Logger;
  status: () => KioskStatus;
  markers: ChatMarkers;
  whatsappUrl: string;
  policy: ReplayPolicy;
  /** A message changed state (sent, invalid, in its send window): the pane lists the queue again. */
  changed: (id: number) => void;
  /** Default REPLAY_TICK_MS; the crash bench runs faster. */
  tickMs?: number;
}

/**
 * Replays the offline queue once WhatsApp is back: each step is decided by `decideReplay` (pure)
 * from the durable state, the phase and a fresh read of the open chat, then carried out here.
 */
export class WhatsAppReplayer {
  readonly #deps: ReplayerDeps;
  #phase: ReplayPhase = { kind: 'idle', linkOpen: false };
  #report: ChatReport | null = null;

  constructor(deps: ReplayerDeps) {
    this.#deps = deps;
  }

  start(): void {
    this.#deps.timers.every(this.#deps.tickMs ?? REPLAY_TICK_MS, 'offline queue replay', () => this.tick());
  }

  /** A replay is under way (a chat of the queue is open in WhatsApp): other work on WhatsApp's view waits. */
  isReplaying(): boolean {
    return this.#phase.kind !== 'idle';
  }

  /** Where the replay stands, for the pane. */
  get phase(): ReplayPhase {
    return this.#phase;
  }

  async tick(): Promise<void> {
    const { store, surface, markers, policy, now } = this.#deps;
    const head = store.head();
    const underWay = this.isReplaying();
    const ready = replayReady(this.#deps.status(), now(), policy.stableMs, underWay);
    if (ready && underWay) this.#report = parseChatReport(await surface.readOpenChat(markers).catch(() => null)) ?? this.#report;
    const at = now();
    const step = decideReplay({ now: at, ready, head, phase: this.#phase, report: this.#report, policy });
    if (step.type === 'wait') return;
    if (head !== null) await this.#carryOut(step, head.phone, head.text, at);
    else if (step.type === 'finish') await surface.load(this.#deps.whatsappUrl);
    this.#phase = phaseAfter(step, this.#phase, at);
  }

  async #carryOut(step: ReplayStep, phone: string, text: string, at: number): Promise<void> {
    const { store, surface, whatsappUrl, log, changed } = this.#deps;
    switch (step.type) {
      case 'open-chat':
        return this.#open(sendLink(whatsappUrl, phone));
      case 'begin-send':
        // Stored before the text can be in the compose box: from here on a crash means "check first".
        await store.beginSending(step.id, step.seenBefore, at);
        changed(step.id);
        return this.#open(sendLink(whatsappUrl, phone, text));
      case 'open-draft':
        return this.#open(sendLink(whatsappUrl, phone, text));
      case 'press-enter':
        return surface.pressEnter();
      case 'mark-sent':
        await store.markSent(step.id, step.whatsappId, at);
        log.info({ queued: step.id }, 'queued WhatsApp reply sent and confirmed in the chat');
        return changed(step.id);
      case 'mark-invalid':
        await store.markInvalid(step.id, at);
        log.warn({ queued: step.id }, 'queued WhatsApp reply: the number is not on WhatsApp');
        return changed(step.id);
      case 'finish':
        return surface.load(whatsappUrl);
      case 'wait':
      case 'pause':
      case 'draft-ready':
        return;
    }
  }

  /** A new document: reads of the one before no longer describe the chat. */
  async #open(url: string): Promise<void> {
    this.#report = null;
    await this.#deps.surface.openChat(url);
  }
}
