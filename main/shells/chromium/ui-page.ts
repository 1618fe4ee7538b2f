import type { BrowserContext, Page } from 'playwright-core';
import type { EventMap, EventName } from '../../core/ipc/contract.ts';
import type { IpcResult, Sender } from '../../core/ipc/router.ts';
import type { KioskUi, ShownView, UiEvent } from '../../core/ports.ts';
import { fulfilsWithin } from '../../core/runtime/guarded.ts';
import { chromiumBridgeSource } from '../../../preload/chromium-bridge.ts';

const INVOKE_BINDING = '__kioskInvoke';
const DISPATCH = '__kioskDispatch';

export interface UiPageOptions {
  context: BrowserContext;
  url: string;
  /** Every request from a page of this context, with who sent it; the core decides whether to answer. */
  handle(sender: Sender, channel: unknown, request: unknown): Promise<IpcResult>;
  whatsapp: { bringToFront(): Promise<void> };
}

/**
 * Our own page (status bar, failover pane) in the Chromium shell, and what is in front. The page
 * can crash, hang or be closed by the agent; restore() opens a fresh one with the same bridge.
 */
export class ChromiumUiPage implements KioskUi {
  readonly #options: UiPageOptions;
  readonly #listeners: ((event: UiEvent) => void)[] = [];
  #page: Page | null = null;
  #closing = false;

  constructor(options: UiPageOptions) {
    this.#options = options;
  }

  get page(): Page {
    if (!this.#page) throw new Error('our page is not open');
    return this.#page;
  }

  /** Opens our page in the first tab the browser made (or a new one). */
  async open(initial?: Page): Promise<void> {
    const page = initial ?? (await this.#options.context.newPage());
    this.#page = page;
    page.on('crash', () => {
      if (this.#page === page) this.#emit({ type: 'crashed', reason: 'crashed' });
    });
    page.on('close', () => {
      if (this.#page === page && !this.#closing) this.#emit({ type: 'closed' });
    });
    await page.exposeBinding(INVOKE_BINDING, (source, channel: unknown, request: unknown) =>
      this.#options.handle(
        { url: source.frame.url(), isMainFrame: source.frame === page.mainFrame(), isOurPage: source.page === this.#page },
        channel,
        request,
      ),
    );
    await page.addInitScript({ content: chromiumBridgeSource({ invokeBinding: INVOKE_BINDING, dispatchName: DISPATCH }) });
    await page.goto(this.#options.url);
  }

  async show(view: ShownView): Promise<void> {
    await (view === 'whatsapp' ? this.#options.whatsapp.bringToFront() : this.page.bringToFront());
  }

  send<E extends EventName>(event: E, payload: EventMap[E]): void {
    this.#page
      ?.evaluate(([name, e, p]) => (window as unknown as Record<string, (e: string, p: unknown) => void>)[name]?.(e, p), [
        DISPATCH,
        event,
        payload,
      ] as const)
      // A page that is gone or loading misses the event; it asks for the status when it starts.
      .catch(() => undefined);
  }

  async ping(timeoutMs: number): Promise<boolean> {
    const page = this.#page;
    if (!page || page.isClosed()) return false;
    return fulfilsWithin(
      page.evaluate(() => true),
      timeoutMs,
    );
  }

  /**
   * A crashed or hung renderer cannot be reused: a new page replaces it. The old one is closed
   * only once the new one is ours (closing a hung page may hang, so it is not awaited).
   */
  async restore(): Promise<void> {
    const old = this.#page;
    await this.open();
    old?.close().catch(() => undefined);
  }

  onEvent(listener: (event: UiEvent) => void): void {
    this.#listeners.push(listener);
  }

  /** From now on a closed page is the shell closing, not the agent. */
  closing(): void {
    this.#closing = true;
  }

  #emit(event: UiEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
