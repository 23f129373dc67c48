import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { afterAll, describe, expect, it } from 'vitest';
import { buildpackBaseDir, createBuildSystem } from './build-system.js';
import { defaultConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'mctest-build-system-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The module imports @mikrocloud/buildpacks by its file URL: a config's module lives outside this
// workspace's node_modules resolution only in tests.
const buildpacksEntry = pathToFileURL(join(import.meta.dirname, '../../buildpacks/src/index.ts')).href;

describe('createBuildSystem', () => {
  it('registers custom buildpacks from [build] buildpacks, relative to the config file, beside the built-ins', async () => {
    writeFileSync(
      join(dir, 'hello-buildpack.mjs'),
      [
        `import { defineBuildpack } from ${JSON.stringify(buildpacksEntry)};`,
        `export default defineBuildpack({`,
        `  name: 'hello',`,
        `  configSchema: { type: 'object', properties: { greeting: { type: 'string' } }, additionalProperties: false },`,
        `  async build({ imageTag }) { return { context: '.', tag: imageTag }; },`,
        `});`,
      ].join('\n'),
    );
    const config = defaultConfig();
    config.server.data_dir = join(dir, 'data');
    config.docker.build_dir = join(dir, 'builds');
    config.build.buildpacks = ['./hello-buildpack.mjs'];
    // Nothing here reaches the engine: the manager is only handed to the service.
    const manager = new DockerContainerManager({ socketPath: '/var/run/docker.sock' });
    const builds = await createBuildSystem({ manager, config, baseDir: buildpackBaseDir(join(dir, 'mikrocloud.toml')) });
    try {
      expect(builds.registry.names()).toEqual(['dockerfile', 'static', 'docker-compose', 'nixpacks', 'auto', 'hello']);
      const request = builds.openapi.schemas.BuildRequest as { properties: Record<string, unknown> };
      expect(Object.keys(request.properties)).toEqual(expect.arrayContaining(['dockerfile_config', 'nixpacks_config', 'hello_config']));
      await expect(
        builds.service.submit({ git_repo: 'https://example.com/a/b.git', buildpack_type: 'hello', image_tag: 'x:1', hello_config: { nope: 1 } }),
      ).rejects.toMatchObject({ code: 'validation_failed', problems: [{ field: 'hello_config.nope' }] });
    } finally {
      await builds.close();
    }
  });

  it('fails to start with a clear error when a configured module exports no buildpack', async () => {
    writeFileSync(join(dir, 'not-a-buildpack.mjs'), 'export const answer = 42;\n');
    const config = defaultConfig();
    config.server.data_dir = join(dir, 'data-2');
    config.docker.build_dir = join(dir, 'builds-2');
    config.build.buildpacks = ['./not-a-buildpack.mjs'];
    const manager = new DockerContainerManager({ socketPath: '/var/run/docker.sock' });
    await expect(createBuildSystem({ manager, config, baseDir: dir })).rejects.toThrow(/not-a-buildpack\.mjs.*exports no buildpack/);
  });
});
