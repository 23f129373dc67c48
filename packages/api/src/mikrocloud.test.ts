import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ValidationError } from '@mikrocloud/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { ConfigError, loadConfig } from './config.js';
import { createMikrocloud } from './mikrocloud.js';
import { rejectionOf } from './test-support.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mikrocloud-test-onecall-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A configuration that never reaches an engine: nothing here is built or created. */
const offline = (name: string) => ({
  docker: { runtime: 'docker' as const, socket_path: path.join(dir, `${name}-no-engine.sock`) },
  server: { data_dir: path.join(dir, name) },
  build: { allowed_git_protocols: ['file' as const] },
});

describe('createMikrocloud: configuration', () => {
  it('refuses a bad key with the ConfigError `mikrocloud config check` prints for the same TOML', async () => {
    const file = path.join(dir, 'bad.toml');
    await writeFile(file, '[docker]\nruntime = "dockr"\nsocket = "/x.sock"\n\n[build]\nconcurrency = 0\n');
    let stderr = '';
    const code = await runCli(['config', 'check', '--config', file], { env: {}, stdout: () => {}, stderr: (t) => (stderr += t) });
    expect(code).toBe(2);

    const error = await rejectionOf(createMikrocloud({ docker: { runtime: 'dockr', socket: '/x.sock' }, build: { concurrency: 0 } } as never));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^invalid configuration \(createMikrocloud\): /);
    const problemsOf = (text: string) => text.slice(text.indexOf('): ') + 3).trim();
    expect(problemsOf(error.message)).toBe(problemsOf(stderr));
    expect(problemsOf(error.message)).toContain('docker.runtime: must be one of docker, podman, auto');
    expect((error as ConfigError).problems.map((p) => p.field).sort()).toEqual(['build.concurrency', 'docker.runtime', 'docker.socket']);
  });

  it('reads neither MIKROCLOUD_* variables nor ./mikrocloud.toml unless asked', async () => {
    await writeFile(path.join(dir, 'mikrocloud.toml'), '[build]\nconcurrency = 5\n');
    const given = { source: 'createMikrocloud', config: { build: { max_queue: 3 } } };
    const env = { MIKROCLOUD_BUILD_CONCURRENCY: '7', MIKROCLOUD_CONFIG: path.join(dir, 'mikrocloud.toml') };
    expect(loadConfig({ given, env: {}, cwd: dir }).build).toMatchObject({ concurrency: 2, max_queue: 3 });
    expect(loadConfig({ given, env, cwd: dir }).build).toMatchObject({ concurrency: 7, max_queue: 3 });
    expect(loadConfig({ given, env: {}, cwd: dir, file: 'mikrocloud.toml' }).build).toMatchObject({ concurrency: 5, max_queue: 3 });
    // Without a given configuration the lookup is as before.
    expect(loadConfig({ env: {}, cwd: dir }).build.concurrency).toBe(5);

    const saved = process.env.MIKROCLOUD_BUILD_CONCURRENCY;
    process.env.MIKROCLOUD_BUILD_CONCURRENCY = '9';
    try {
      await using quiet = await createMikrocloud(offline('env-default'));
      expect(quiet.config.build.concurrency).toBe(2);
      await using asked = await createMikrocloud(offline('env-asked'), { env: { MIKROCLOUD_BUILD_CONCURRENCY: '4' } });
      expect(asked.config.build.concurrency).toBe(4);
    } finally {
      if (saved === undefined) delete process.env.MIKROCLOUD_BUILD_CONCURRENCY;
      else process.env.MIKROCLOUD_BUILD_CONCURRENCY = saved;
    }
  });

  it('names a value given in code by where it came from', async () => {
    const error = await rejectionOf(createMikrocloud({ server: { port: 70000 } }));
    expect(error.message).toBe('invalid configuration (createMikrocloud): server.port: must be <= 65535');
  });
});

describe('createMikrocloud: checks before anything runs', () => {
  it('refuses a bad container of a deployment before the build starts, naming every field', async () => {
    await using cloud = await createMikrocloud(offline('deploy-checks'));
    const error = await rejectionOf(
      cloud.deploy({
        build: { git_repo: `file://${dir}/repo`, buildpack_type: 'dockerfile', image_tag: 'Bad Tag' },
        container: { name: 'bad name', ports: { '99999': '80' }, restart_policy: 'sometimes', image: 'nginx' } as never,
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['build.image_tag', 'container.image', 'container.name', 'container.restart_policy']));
    expect(fields.some((f) => f.startsWith('container.ports'))).toBe(true);
    expect(fields).not.toContain('container.image_tag');
    expect(cloud.builds.list()).toEqual([]);
  });

  it('refuses a container alone when the build is fine, and records no build', async () => {
    await using cloud = await createMikrocloud(offline('deploy-container'));
    const error = await rejectionOf(
      cloud.deploy({ build: { git_repo: `file://${dir}/repo`, buildpack_type: 'dockerfile', image_tag: 'app:1' }, container: { name: '-no' } }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual(['container.name']);
    expect(cloud.builds.list()).toEqual([]);
  });

  it('refuses a bad build request with a ValidationError and records nothing', async () => {
    await using cloud = await createMikrocloud(offline('build-checks'));
    const error = await rejectionOf(cloud.buildImage({ git_repo: 'ftp://example.com/x.git', buildpack_type: 'dockerfile', image_tag: 'app:1' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]?.field).toBe('git_repo');
    expect(cloud.builds.list()).toEqual([]);
  });

  it('makes every configured engine, the default one its manager, and names a bad [[engines]] table', async () => {
    const base = offline('engines');
    await using cloud = await createMikrocloud({
      ...base,
      engines: [{ name: 'edge', runtime: 'docker', host: `unix://${path.join(dir, 'edge-no-engine.sock')}`, labels: { region: 'eu' } }],
    });
    expect(cloud.engines.names()).toEqual(['default', 'edge']);
    expect(cloud.engines.get('default')).toBe(cloud.manager);
    expect(cloud.engines.get('edge').socketPath).toContain('edge-no-engine.sock');
    await expect(createMikrocloud({ ...base, engines: [{ name: 'edge', runtime: 'docker', host: 'tcp://10.0.0.2:2375', extra: 1 }] } as never)).rejects.toThrow(
      'invalid configuration (createMikrocloud): engines.0.extra: unknown field',
    );
  });

  it('closes once however often it is asked', async () => {
    const cloud = await createMikrocloud(offline('close'));
    await Promise.all([cloud.close(), cloud.close(), cloud[Symbol.asyncDispose]()]);
  });
});
