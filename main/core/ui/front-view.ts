import type { Mode } from '../ipc/contract.ts';
import type { Logger } from '../log/logger.ts';
import type { KioskUi, ShownView } from '../ports.ts';
import { settled } from '../runtime/guarded.ts';

/** Which view fills the window below the status bar: our page covers WhatsApp in failover and while a panel is open. */
export class FrontView {
  readonly #ui: KioskUi;
  readonly #log: Logger;
  #mode: Mode = 'whatsapp';
  #overlay = false;

  constructor(ui: KioskUi, log: Logger) {
    this.#ui = ui;
    this.#log = log;
  }

  get shown(): ShownView {
    return this.#mode === 'failover' || this.#overlay ? 'kiosk' : 'whatsapp';
  }

  async setMode(mode: Mode): Promise<void> {
    this.#mode = mode;
    await this.show();
  }

  async setOverlay(open: boolean): Promise<void> {
    this.#overlay = open;
    await this.show();
  }

  /** Shows what should be in front; a view that cannot be shown is logged (its watchdog restores it). */
  async show(): Promise<void> {
    await settled(this.#log, `showing the ${this.shown} view`, this.#ui.show(this.shown));
  }
}
