import type { BrowserWindow } from 'electron';
import type { EventMap, EventName } from '../../core/ipc/contract.ts';
import { IPC_CHANNELS } from '../../core/ipc/channels.ts';
import type { KioskUi, ShownView, UiEvent } from '../../core/ports.ts';
import { fulfilsWithin } from '../../core/runtime/guarded.ts';

/**
 * Our own page in the Electron shell: the window's web contents, with the WhatsApp view laid
 * over it below the status bar when WhatsApp is in front. A crashed or hung page is reloaded in
 * place (Electron gives a reloaded web contents a new renderer).
 */
export class ElectronUi implements KioskUi {
  readonly #window: BrowserWindow;
  readonly #whatsapp: { setVisible(visible: boolean): void };
  readonly #listeners: ((event: UiEvent) => void)[] = [];

  constructor(window: BrowserWindow, whatsapp: { setVisible(visible: boolean): void }) {
    this.#window = window;
    this.#whatsapp = whatsapp;
    const contents = window.webContents;
    contents.on('render-process-gone', (_event, details) => this.#emit({ type: 'crashed', reason: details.reason }));
    contents.on('unresponsive', () => this.#emit({ type: 'unresponsive' }));
  }

  async show(view: ShownView): Promise<void> {
    this.#whatsapp.setVisible(view === 'whatsapp');
  }

  send<E extends EventName>(event: E, payload: EventMap[E]): void {
    if (!this.#window.isDestroyed()) this.#window.webContents.send(IPC_CHANNELS.event, event, payload);
  }

  async ping(timeoutMs: number): Promise<boolean> {
    if (this.#window.isDestroyed() || this.#window.webContents.isCrashed()) return false;
    return fulfilsWithin(this.#window.webContents.executeJavaScript('true'), timeoutMs);
  }

  async restore(): Promise<void> {
    if (this.#window.isDestroyed()) return;
    // A hung renderer never finishes a reload: end it first, then load the page again.
    if (!this.#window.webContents.isCrashed()) this.#window.webContents.forcefullyCrashRenderer();
    this.#window.webContents.reload();
  }

  onEvent(listener: (event: UiEvent) => void): void {
    this.#listeners.push(listener);
  }

  #emit(event: UiEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
