import { defineConfig } from 'vitest/config';

/**
 * Test settings every package shares. Workspace packages resolve to their sources through the
 * `@mikrocloud/source` condition, so tests never need a prior build. Engine-backed tests
 * (`*.integration.test.ts`) run one file at a time: they share real engines.
 * `MIKROCLOUD_TEST_SCOPE=unit` leaves the engine-backed files out (`npm run test:unit`).
 */
const unitOnly = process.env.MIKROCLOUD_TEST_SCOPE === 'unit';

export const preset = defineConfig({
  resolve: { conditions: ['@mikrocloud/source'] },
  ssr: { resolve: { conditions: ['@mikrocloud/source'] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(unitOnly ? ['**/*.integration.test.ts'] : [])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
