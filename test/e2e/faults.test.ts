import { afterEach, describe, it } from 'vitest';
import { SCENARIOS, stopCrashLoops } from './fault-scenarios.ts';
import { runScenario, stopScenario, type Running } from './scenario-runner.ts';

/**
 * Every fault of the taxonomy, once in each language. The 2026 markup runs in English and the
 * old markup in Chinese, so every scenario passes on both markups without doubling the runs.
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

    for (const scenario of SCENARIOS) {
      it(`${scenario.fault}: ${scenario.name}`, async () => {
        await runScenario(scenario, lang, markup, running);
      });
    }
  });
}
