import { defineConfig } from 'vitest/config';

// Three suites: unit (pure logic), integration (real SQLite files, real servers, real browser for
// the simulator) and e2e (the kiosk through the Chromium shell). Browser suites run one file at a
// time: each file starts its own Chromium. `npm test` (scripts/run-tests.ts) runs the e2e suite
// in a Vitest of its own beside the other two, so the machine's two cores are both used.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
