import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // The machines have two cores; more workers only add start-up cost.
    maxWorkers: 2,
  },
});
