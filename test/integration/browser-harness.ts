import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptionsInput } from '../simulator/index.ts';

/** A plain desktop Chrome, as the kiosk presents itself to WhatsApp. */
export const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

/**
 * One headless Chromium for a test file, and simulators and browser contexts that are closed
 * after each test. Registers its own hooks: call it at the top of the file.
 */
export function useBrowserAndSimulators(defaults: SimulatorOptionsInput) {
  let browser: Browser | undefined;
  const simulators: Simulator[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await Promise.all(simulators.splice(0).map((simulator) => simulator.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    async simulator(options: SimulatorOptionsInput = {}): Promise<Simulator> {
      const started = await startSimulator({ ...defaults, ...options });
      simulators.push(started);
      return started;
    },
    async context(options: BrowserContextOptions = { userAgent: CHROME_UA }): Promise<BrowserContext> {
      if (!browser) throw new Error('the browser is not started yet');
      const context = await browser.newContext(options);
      contexts.push(context);
      return context;
    },
  };
}
