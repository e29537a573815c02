import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

/**
 * Three projects: `unit` (beside the code, fakes only), `integration` (real Dovecot and the real
 * bridge process, under test/), and `e2e` (the built extension in real Chromium and Firefox).
 * Every file runs one at a time, across the projects too: integration and e2e files start servers
 * and browsers on a 2-core box, and their timing-sensitive checks (push delays, the undo window)
 * turned flaky when a browser test shared the cores with an integration file.
 */
export default defineConfig({
  test: {
    maxWorkers: 1,
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'entrypoints/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
