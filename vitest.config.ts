import { defineConfig } from 'vitest/config';

// Suites: unit (pure logic), integration (real SQLite files, real servers, real browser for the
// simulator) and e2e (the kiosk through the Chromium shell), whose fault matrices are a suite of
// their own, and the hub. Browser suites run one file at a time: each file starts its own Chromium.
// `npm test` (scripts/run-tests.ts) runs the fault matrices, the rest of e2e, and the other suites
// in three Vitest processes side by side, so the machine's two cores are both used.
const E2E_LONG = ['test/e2e/faults.test.ts', 'test/e2e/real-world-faults.test.ts'];

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
          exclude: E2E_LONG,
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The supervisor hub: its store on SQLite and a throwaway PostgreSQL, its API, its dashboard.
        test: {
          name: 'hub',
          include: ['test/hub/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The fault matrices: most of the e2e time, run by a Vitest of their own (scripts/run-tests.ts).
        test: {
          name: 'e2e-faults',
          include: E2E_LONG,
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
