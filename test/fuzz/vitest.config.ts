import { defineConfig } from 'vitest/config';

/** The property tests of the fuzz suite (`npm run test:fuzz` runs them before the frame run). */
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    maxWorkers: 1,
  },
});
