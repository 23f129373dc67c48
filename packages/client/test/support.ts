// Helpers for this package's tests: a real mikrocloud server on the local Docker engine.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createApp, defaultConfig, imageRoutes, imagesOpenApiPaths, startServer, type RunningServer } from '@mikrocloud/api';
import { BuildRecordSchema, BuildService, buildRequestSchema, builtinBuildpacks, createBuildpackRegistry, openBuildStore } from '@mikrocloud/buildpacks';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';

const run = promisify(execFile);

export const TEST_LABEL = 'io.mikrocloud.test';
export const DOCKER_SOCKET = '/var/run/docker.sock';

/** A server for one test file: its URL and token, the run id its objects are labelled with, and `close()` that removes them. */
export interface TestServer {
  url: string;
  token: string;
  runId: string;
  /** A local git repository with one commit of these files (a file:// URL). */
  makeRepo(files: Record<string, string>): Promise<string>;
  close(): Promise<void>;
}

function engine(method: string, requestPath: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: DOCKER_SOCKET, method, path: requestPath }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Removes every container and image labelled with this run id. */
async function removeTestObjects(runId: string): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] }));
  const containers = await engine('GET', `/containers/json?all=1&filters=${filters}`);
  for (const c of containers.body ?? []) await engine('DELETE', `/containers/${c.Id}?force=1&v=1`);
  const images = await engine('GET', `/images/json?filters=${filters}`);
  for (const image of images.body ?? []) await engine('DELETE', `/images/${image.Id}?force=1`);
}

/**
 * Starts `mikrocloud serve`'s app (containers, builds, token auth) on 127.0.0.1 and a random port,
 * on Docker. Builds may clone file:// repositories and are labelled with the run id.
 */
export async function startTestServer(what: string): Promise<TestServer> {
  const runId = `mctest-${randomBytes(4).toString('hex')}`;
  const base = await mkdtemp(path.join(os.tmpdir(), `${runId}-${what}-`));
  try {
    return await serveIn(base, runId);
  } catch (err) {
    await rm(base, { recursive: true, force: true });
    throw err;
  }
}

async function serveIn(base: string, runId: string): Promise<TestServer> {
  const token = randomBytes(16).toString('hex');
  const config = defaultConfig({});
  config.server.host = '127.0.0.1';
  config.server.port = 0;
  config.server.token = token;
  config.server.data_dir = path.join(base, 'data');
  await mkdir(config.server.data_dir, { recursive: true });
  const manager = new DockerContainerManager({ socketPath: DOCKER_SOCKET });
  await manager.ping();
  const registry = createBuildpackRegistry(builtinBuildpacks());
  const service = new BuildService({
    manager,
    registry,
    store: openBuildStore(config.server.data_dir),
    buildDir: path.join(base, 'builds'),
    allowedProtocols: ['file'],
    labels: { [TEST_LABEL]: runId },
  });
  await service.start();
  const shutdown = new AbortController();
  const app = createApp({
    manager,
    config,
    shutdownSignal: shutdown.signal,
    mounts: { '/api/v1/images': imageRoutes(service, { shutdownSignal: shutdown.signal }) },
    openapi: { paths: imagesOpenApiPaths(), schemas: { BuildRequest: buildRequestSchema(registry), BuildRecord: BuildRecordSchema } },
  });
  let server: RunningServer;
  try {
    server = await startServer({ app, host: '127.0.0.1', port: 0, onClose: () => shutdown.abort() });
  } catch (err) {
    await service.close();
    service.store.close();
    throw err;
  }
  let repos = 0;
  return {
    url: server.url,
    token,
    runId,
    async makeRepo(files) {
      const dir = path.join(base, `repo-${++repos}`);
      await mkdir(dir);
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
      await run('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
      for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
      await run('git', ['add', '-A'], { cwd: dir, env });
      await run('git', ['commit', '-q', '-m', 'test'], { cwd: dir, env });
      return `file://${dir}`;
    },
    async close() {
      await server.close();
      await service.close();
      service.store.close();
      await removeTestObjects(runId);
      await rm(base, { recursive: true, force: true });
    },
  };
}
