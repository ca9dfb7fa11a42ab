import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Generous: the suite must stay green on a loaded machine (2 cores shared); speed lives in npm run bench.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
