import { defineConfig } from 'vitest/config';

// Three suites: unit (pure logic), integration (real SQLite files, real servers, real browser for
// the simulator) and e2e (the kiosk through the Chromium shell). Each browser suite runs one file
// at a time (each file starts its own Chromium), but the suites run beside each other: two workers
// on the two cores (Vitest's default would be one), so the integration files run while e2e waits
// out its grace periods.
export default defineConfig({
  test: {
    maxWorkers: 2,
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
