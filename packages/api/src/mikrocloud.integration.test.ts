import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BuildError, CancelledError, ConflictError, isMikrocloudError } from '@mikrocloud/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMikrocloud, type Mikrocloud } from './mikrocloud.js';
import { DOCKER_SOCKET, TEST_LABEL, engine, eventually, freePort, newRunId, rejectionOf, removeTestContainers } from './test-support.js';

const run = promisify(execFile);
const runId = newRunId();
const labels = { [TEST_LABEL]: runId };
const tag = (name: string) => `mctest-${runId}-${name}:test`;
let dir: string;
let cloud: Mikrocloud;

/** A local git repository holding `files`, as a file:// URL. */
async function repo(name: string, files: Record<string, string>): Promise<string> {
  const at = path.join(dir, name);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
  await run('git', ['init', '-q', '-b', 'main', at], { env });
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(at, file), text);
  await run('git', ['add', '-A'], { cwd: at, env });
  await run('git', ['commit', '-q', '-m', 'test'], { cwd: at, env });
  return `file://${at}`;
}

const labelled = async (kind: 'containers' | 'images') => {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] }));
  return (await engine('GET', `/${kind}/json?all=1&filters=${filters}`)).body as { Id: string; Names?: string[]; RepoTags?: string[] }[];
};

let serving: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), `mctest-${runId}-onecall-`));
  cloud = await createMikrocloud(
    { docker: { runtime: 'docker', socket_path: DOCKER_SOCKET }, server: { data_dir: path.join(dir, 'data') }, build: { allowed_git_protocols: ['file'] } },
    { labels },
  );
  await cloud.manager.ping();
  serving = await repo('serving', { Dockerfile: 'FROM busybox:latest\nRUN mkdir -p /www && echo deployed > /www/index.html\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n' });
});

afterAll(async () => {
  await cloud?.close();
  await removeTestContainers(runId);
  for (const image of await labelled('images')) await engine('DELETE', `/images/${image.Id}?force=1`);
  await rm(dir, { recursive: true, force: true });
});

describe('createMikrocloud on Docker', () => {
  it('a failed build rejects with a BuildError naming its record, and creates no container', async () => {
    const url = await repo('failing', { Dockerfile: 'FROM busybox:latest\nRUN echo about to fail && exit 3\n' });
    const error = await rejectionOf(
      cloud.deploy({ build: { git_repo: url, buildpack_type: 'dockerfile', image_tag: tag('failing') }, container: { name: `mctest-${runId}-failing`, labels } }),
    );
    expect(error).toBeInstanceOf(BuildError);
    const details = (error as BuildError).details as { build_id: string; status: string };
    expect(details.status).toBe('failed');
    const record = cloud.builds.get(details.build_id);
    expect(record.status).toBe('failed');
    expect(cloud.builds.logs(record.id)).toContain('about to fail');
    expect(error.message).toContain(record.id);
    expect((await labelled('containers')).filter((c) => c.Names?.includes(`/mctest-${runId}-failing`))).toEqual([]);
  });

  it('a container that cannot be created keeps the image and says so; the container holding the name is untouched', async () => {
    const name = `mctest-${runId}-taken`;
    await using holder = await cloud.createContainer({ image: 'busybox:latest', name, command: ['sleep', '30'], labels });
    const error = await rejectionOf(cloud.deploy({ build: { git_repo: serving, buildpack_type: 'dockerfile', image_tag: tag('taken') }, container: { name, labels } }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/^build build-\S+ succeeded and image .+ is kept, but the container could not be created: /);
    expect(await cloud.manager.imageExists(tag('taken'))).toBe(true);
    expect((await cloud.manager.inspect(name)).id).toBe(holder.id);
    expect(cloud.builds.list({ status: 'succeeded' }).map((b) => b.image_tag)).toContain(tag('taken'));
  });

  it('a container that cannot start is removed, the image kept, and the error says both', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const name = `mctest-${runId}-blocked`;
      const error = await rejectionOf(
        cloud.deploy({
          build: { git_repo: serving, buildpack_type: 'dockerfile', image_tag: tag('blocked') },
          container: { name, labels, ports: { [`127.0.0.1:${port}`]: '8080' } },
        }),
      );
      expect(isMikrocloudError(error)).toBe(true);
      expect(error.message).toMatch(/is kept, but container [0-9a-f]{64} did not start \(it was removed\)/);
      expect(await cloud.manager.imageExists(tag('blocked'))).toBe(true);
      expect((await labelled('containers')).filter((c) => c.Names?.includes(`/${name}`))).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('a deployment answers HTTP, and `await using` removes its container', async () => {
    const port = await freePort();
    let id: string;
    {
      await using deployment = await cloud.deploy({
        build: { git_repo: serving, buildpack_type: 'dockerfile', image_tag: tag('serving') },
        container: { name: `mctest-${runId}-serving`, labels, ports: { [`127.0.0.1:${port}`]: '8080' } },
      });
      id = deployment.container.id;
      expect(deployment.build.status).toBe('succeeded');
      expect(deployment.container.state).toBe('running');
      const body = await eventually(async () => {
        const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
        return response.ok ? response.text() : undefined;
      }, 15_000);
      expect(body.trim()).toBe('deployed');
    }
    expect((await engine('GET', `/containers/${id}/json`)).status).toBe(404);
  });

  it('aborting the signal cancels the build for real and names its record', async () => {
    const url = await repo('slow', { Dockerfile: 'FROM busybox:latest\nRUN echo started && sleep 60\n' });
    const controller = new AbortController();
    const lines: string[] = [];
    const pending = cloud.buildImage(
      { git_repo: url, buildpack_type: 'dockerfile', image_tag: tag('slow') },
      {
        signal: controller.signal,
        onLog: (line) => {
          lines.push(line);
          if (line.includes('started')) controller.abort();
        },
      },
    );
    const error = await rejectionOf(pending);
    expect(error).toBeInstanceOf(CancelledError);
    const { build_id } = (error as CancelledError).details as { build_id: string };
    expect(cloud.builds.get(build_id).status).toBe('cancelled');
    expect(lines.some((l) => l.includes('started'))).toBe(true);
  });
});
