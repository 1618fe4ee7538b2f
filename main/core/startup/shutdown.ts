/**
 * How the kiosk closes, however the quit came (window closed, Cmd+Q, `app.quit()`, logoff, OS
 * shutdown, a signal, a failed start): the steps registered as the kiosk came up run once, the
 * last registered first (the kiosk stops before the database under it closes), each on its own
 * so that one that throws never keeps the database open or the log unflushed.
 */
export class Shutdown {
  readonly #steps: { what: string; run: () => unknown }[] = [];
  readonly #report: (what: string, error: unknown) => void;
  #done: Promise<void> | null = null;
  #finished = false;

  constructor(report: (what: string, error: unknown) => void) {
    this.#report = report;
  }

  /** Adds a step, to run before every step added earlier. */
  add(what: string, run: () => unknown): void {
    this.#steps.push({ what, run });
  }

  /** Whether the app may quit now: only once every step has run. */
  get finished(): boolean {
    return this.#finished;
  }

  /** Runs the steps once; later calls get the same run. Never rejects. */
  run(): Promise<void> {
    this.#done ??= this.#runAll();
    return this.#done;
  }

  async #runAll(): Promise<void> {
    for (const step of [...this.#steps].reverse()) {
      try {
        await step.run();
      } catch (error) {
        this.#report(step.what, error);
      }
    }
    this.#finished = true;
  }
}
