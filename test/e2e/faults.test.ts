import { afterEach, describe, it } from 'vitest';
import { SCENARIOS, stopCrashLoops } from './fault-scenarios.ts';
import { runScenario, stopScenario, type Running } from './scenario-runner.ts';

/**
 * Every fault of the taxonomy in English on the 2026 markup; in Chinese on the old markup, every
 * fault whose detection reads the page. Faults seen from outside the page (network, crash, hang,
 * memory) do not depend on its markup or language: running them twice would only cost time.
 */
const RUNS = [
  { lang: 'en', markup: '2026' },
  { lang: 'zh', markup: 'legacy' },
] as const;

for (const { lang, markup } of RUNS) {
  describe(`faults with WhatsApp in ${lang === 'en' ? 'English' : 'Chinese'}, ${markup} markup`, () => {
    const running: Running = {};
    afterEach(async () => {
      stopCrashLoops();
      await stopScenario(running);
    });

    for (const scenario of SCENARIOS.filter((candidate) => markup === '2026' || candidate.readsPage)) {
      it(`${scenario.fault}: ${scenario.name}`, async () => {
        await runScenario(scenario, lang, markup, running);
      });
    }
  });
}
