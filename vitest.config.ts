import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/moto.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // It imports its JSON schemas without import attributes; let Vite load them.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
