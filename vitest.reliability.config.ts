import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: real Dovecot, the real bridge and the built extension in Chromium,
 * through faults (test/reliability/). Not one of vitest.config.ts's projects: `npm test` runs it
 * last, after the fuzz run, so its timings do not share the machine with the other tiers. Its
 * files run side by side, each with its own Dovecot, bridge and browser profile:
 * the long faults (a 10-minute network cut, a 2-minute SIGSTOP) spend their time waiting, and run
 * while the short ones do.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/reliability/global-setup.ts'],
    fileParallelism: true,
    maxWorkers: 4,
    testTimeout: 14 * 60_000,
    hookTimeout: 180_000,
  },
});
