import type { SurfaceEvent } from '../ports.ts';

/**
 * What a main-frame navigation of the WhatsApp view came to, in both shells. A 5xx page still
 * fires the browser's load event: only a navigation that got a real page counts as loaded.
 */
export class MainFrameLoad {
  #failed = false;

  /** A new main-frame document navigation began. */
  started(): void {
    this.#failed = false;
  }

  /** The navigation got no answer (network error, refused, timed out). */
  failed(description: string): SurfaceEvent {
    this.markFailed();
    return { type: 'load-failed', description, httpStatus: null };
  }

  /** The same, where the shell reports the failure itself (the Chromium shell's failed goto). */
  markFailed(): void {
    this.#failed = true;
  }

  /** The server answered; a 5xx is WhatsApp failing, whatever the page then shows. */
  answered(httpStatus: number): SurfaceEvent | null {
    if (httpStatus < 500) return null;
    this.#failed = true;
    return { type: 'load-failed', description: `HTTP ${httpStatus}`, httpStatus };
  }

  /** The browser says the page finished loading. */
  finished(): SurfaceEvent | null {
    return this.#failed ? null : { type: 'loaded' };
  }
}
