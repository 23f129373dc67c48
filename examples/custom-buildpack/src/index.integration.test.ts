import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinBuildpacks, createBuildpackRegistry, createBuilder } from '@mikrocloud/buildpacks';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import shellScriptBuildpack from './index.js';

const run = promisify(execFile);
const runId = `mctest-${randomBytes(4).toString('hex')}`;
const labels = { 'io.mikrocloud.test': runId };
const socketPath = process.env.MIKROCLOUD_TEST_SOCKET ?? '/var/run/docker.sock';
const manager = new DockerContainerManager({ socketPath });
let dir: string;

function engine(method: string, p: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, method, path: p }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text ? JSON.parse(text) : undefined));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  await manager.ping();
  dir = await mkdtemp(path.join(os.tmpdir(), `${runId}-`));
  const env = { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
  await run('git', ['init', '-q', '-b', 'main', 'repo'], { cwd: dir, env });
  await writeFile(path.join(dir, 'repo', 'hello.sh'), 'echo "hello from a custom buildpack"\n');
  await run('git', ['add', '-A'], { cwd: path.join(dir, 'repo'), env });
  await run('git', ['commit', '-q', '-m', 'x'], { cwd: path.join(dir, 'repo'), env });
});

afterAll(async () => {
  const filters = encodeURIComponent(JSON.stringify({ label: [`io.mikrocloud.test=${runId}`] }));
  for (const c of ((await engine('GET', `/containers/json?all=1&filters=${filters}`)) as { Id: string }[]) ?? []) await engine('DELETE', `/containers/${c.Id}?force=1`);
  for (const i of ((await engine('GET', `/images/json?filters=${filters}`)) as { Id: string }[]) ?? []) await engine('DELETE', `/images/${i.Id}?force=1`);
  await rm(dir, { recursive: true, force: true });
});

describe('the shell-script example buildpack', () => {
  it('registers beside the built-ins and builds an image that runs the script', async () => {
    const registry = createBuildpackRegistry(builtinBuildpacks());
    registry.register(shellScriptBuildpack);
    const builder = createBuilder({ manager, registry, buildDir: path.join(dir, 'builds'), allowedProtocols: ['file'], labels });
    const tag = `${runId}-shell:test`;
    const result = await builder.build({
      git_repo: `file://${path.join(dir, 'repo')}`,
      buildpack_type: 'shell-script',
      image_tag: tag,
      shell_script_config: { script: 'hello.sh' },
    });
    expect(result.error).toBeNull();
    expect(result.success).toBe(true);

    const container = await manager.create({ image: tag, labels });
    await manager.start(container.id);
    await manager.wait(container.id);
    const lines: string[] = [];
    for await (const line of manager.logs(container.id)) lines.push(line.line);
    expect(lines).toEqual(['hello from a custom buildpack']);

    // Its own schema guards its own config key, at run time as at compile time.
    // @ts-expect-error `nope` is not a field of shell_script_config
    await expect(builder.build({ git_repo: `file://${dir}/repo`, buildpack_type: 'shell-script', image_tag: tag, shell_script_config: { nope: 1 } })).rejects.toThrow(
      'shell_script_config.nope: unknown field',
    );
  });
});
