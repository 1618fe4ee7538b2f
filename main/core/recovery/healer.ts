import type { FaultCode } from '../health/faults.ts';
import type { HealingAction } from '../ipc/contract.ts';
import type { Logger } from '../log/logger.ts';
import type { WhatsAppSurface } from '../ports.ts';

/**
 * Carries out the healing step that the ladder chose (recovery/plan.ts decides, this only acts).
 * A step that fails is logged: the detector sees whether WhatsApp came back either way.
 */
export class Healer {
  readonly #surface: WhatsAppSurface;
  readonly #log: Logger;

  constructor(surface: WhatsAppSurface, log: Logger) {
    this.#surface = surface;
    this.#log = log;
  }

  async run(action: HealingAction, fault: FaultCode): Promise<void> {
    this.#log.warn({ fault, action }, 'healing');
    try {
      if (action === 'unregister-service-worker-and-reload') await this.#surface.unregisterServiceWorkers();
      if (action === 'clear-http-cache-and-reload') await this.#surface.clearHttpCache();
      if (action === 'recreate-view') await this.#surface.recreate();
      else await this.#surface.reload();
    } catch (error) {
      this.#log.error({ action, error: (error as Error).message }, 'healing action failed');
    }
  }
}
