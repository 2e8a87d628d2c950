import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/moto.ts'],
    // A longer search by the property tests, by hand only: see test/setup/fuzz.ts.
    setupFiles: process.env.FUZZ_SEED || process.env.FUZZ_SCALE ? ['test/setup/fuzz.ts'] : [],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // It imports its JSON schemas without import attributes; let Vite load them.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
