import type { BrowserContext, Page } from 'playwright-core';
import type { DashboardWindow } from '../../core/hub-host/hub-host.ts';

/**
 * The hub's dashboard in the Chromium shell: a page of its own, where every request (navigation,
 * script, live updates) outside the hub's origin is refused and pop-ups are closed. Closing it
 * signs the supervisor out of this browser: the hub's cookies are cleared, so the agent at the
 * seat cannot reopen their session.
 */
export class ChromiumDashboardPage implements DashboardWindow {
  readonly #context: BrowserContext;
  #page: Page | null = null;

  constructor(context: BrowserContext) {
    this.#context = context;
  }

  /** The page as it is now, null once closed (for tests and the shell). */
  get page(): Page | null {
    return this.#page && !this.#page.isClosed() ? this.#page : null;
  }

  async open(url: string): Promise<void> {
    const hub = new URL(url);
    const open = this.page;
    if (open && new URL(open.url()).origin === hub.origin) {
      await open.bringToFront();
      return;
    }
    await open?.close();
    const page = await this.#context.newPage();
    this.#page = page;
    await page.route('**/*', (route) =>
      URL.parse(route.request().url())?.origin === hub.origin ? route.continue() : route.abort('blockedbyclient'),
    );
    page.on('popup', (popup) => {
      popup.close().catch(() => undefined);
    });
    page.on('close', () => {
      this.#context.clearCookies({ domain: hub.hostname }).catch(() => undefined);
    });
    await page.goto(hub.href);
  }
}
