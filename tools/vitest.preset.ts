import { defineConfig } from 'vitest/config';
import { RetriedTestsReporter } from './vitest-retried-reporter.js';

/**
 * Test settings every package shares. Workspace packages resolve to their sources through the
 * `@mikrocloud/source` condition, so tests never need a prior build. Engine-backed tests
 * (`*.integration.test.ts`) run one file at a time: they share real engines.
 * `MIKROCLOUD_TEST_SCOPE=unit` leaves the engine-backed files out (`npm run test:unit`).
 * A failed test runs once more: real engines on a shared two-core machine stall now and then, and
 * one stall should not sink a run of 1,600 tests. Every test that needed its retry is listed after
 * the summary (`RETRIED ...`), so a flaky test is seen and mended, not hidden.
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
    retry: 1,
    reporters: ['default', new RetriedTestsReporter()],
  },
});
