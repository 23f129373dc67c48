import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { preset } from '../../tools/vitest.preset.js';

/**
 * One project per engine: the engine tests run on Docker Engine, rootful Podman and rootless
 * Podman, one engine after the other (`--project docker|podman|podman-rootless|unit` picks
 * some). A project's engine reaches the tests as `MIKROCLOUD_TEST_RUNTIME` and
 * `MIKROCLOUD_TEST_SOCKET` (see `src/testing/support.ts`); a missing engine fails its project.
 */
const integration = 'src/**/*.integration.test.ts';

/** The engine tests that build through `createTestManager`, so on whichever engine is chosen. */
const buildSuites = [
  'src/service/build-service.integration.test.ts',
  'src/service/log-volume.integration.test.ts',
  'src/builtins/builtins.integration.test.ts',
  'src/git/github.integration.test.ts',
  'src/pipeline/hostile-repo.integration.test.ts',
  'src/pipeline/leaks.integration.test.ts',
  'src/pipeline/push.integration.test.ts',
  'src/nixpacks/app-classes.integration.test.ts',
  'src/nixpacks/npm-registry.integration.test.ts',
];

function project(
  name: string,
  groupOrder: number,
  include: string[],
  env: Record<string, string> = {},
  exclude: string[] = [],
): TestProjectInlineConfiguration {
  return {
    resolve: preset.resolve,
    ssr: preset.ssr,
    test: {
      name,
      environment: 'node',
      include,
      exclude: [...(preset.test?.exclude ?? ['**/node_modules/**']), ...exclude],
      env,
      testTimeout: preset.test?.testTimeout,
      hookTimeout: preset.test?.hookTimeout,
      // Projects run one after the other, never two engines' builds at once.
      sequence: { groupOrder },
    },
  };
}

export default defineConfig({
  ...preset,
  test: {
    ...preset.test,
    projects: [
      project('unit', 0, ['src/**/*.test.ts', 'test/**/*.test.ts'], {}, [integration]),
      // Every engine test, nixpacks included (it checks its images with the docker CLI).
      project('docker', 1, [integration], { MIKROCLOUD_TEST_RUNTIME: 'docker', MIKROCLOUD_TEST_SOCKET: '/var/run/docker.sock' }),
      project('podman', 2, buildSuites, { MIKROCLOUD_TEST_RUNTIME: 'podman', MIKROCLOUD_TEST_SOCKET: '/run/podman/podman.sock' }),
      project('podman-rootless', 3, buildSuites, {
        MIKROCLOUD_TEST_RUNTIME: 'podman',
        MIKROCLOUD_TEST_SOCKET: '/tmp/mcrootless-run/podman/podman.sock',
      }),
    ],
  },
});
