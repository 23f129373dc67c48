import { defineConfig } from 'vitest/config';

/**
 * Test settings every package shares. Workspace packages resolve to their sources through the
 * `@mikrocloud/source` condition, so tests never need a prior build. Engine-backed tests
 * (`*.integration.test.ts`) run one file at a time: they share real engines.
 */
export const preset = defineConfig({
  resolve: { conditions: ['@mikrocloud/source'] },
  ssr: { resolve: { conditions: ['@mikrocloud/source'] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
