import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

/**
 * Three projects: `unit` (beside the code, fakes only), `integration` (real Dovecot and the real
 * bridge process, under test/), and `e2e` (the built extension in real Chromium and Firefox).
 * The projects run one after the other (`groupOrder`): e2e files start browsers on a 2-core box,
 * and their timing-sensitive checks (push delays, the undo window) turned flaky when a browser
 * test shared the cores with an integration file, so browser files run one at a time.
 * Integration files run two at a time, like unit files: each starts its own Dovecot (free
 * loopback ports, its own temp folder) and bridge, and they spend most of their time waiting on
 * the server (two at a time use about one core: 110 s user + 60 s system over a 190 s run).
 * Unit files share no port, folder or clock either (temp folders, in-memory fakes, fake timers or
 * waits with a deadline).
 */
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'entrypoints/**/*.test.{ts,tsx}'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: true,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          sequence: { groupOrder: 2 },
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
