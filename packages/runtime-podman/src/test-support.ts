// Helpers for this package's integration tests (not part of the public API): where the project's
// engines listen on its test machines (tools/engines/up.sh starts them), and a raw view of an
// engine that does not go through the manager under test.
import { randomBytes } from 'node:crypto';
import { Labels } from '@mikrocloud/core';
import { openEngineRequest, type EngineRequest } from '@mikrocloud/runtime-docker/internal';
import tar from 'tar-stream';

/** The rootful Podman service. */
export const ROOTFUL_TEST_SOCKET = '/run/podman/podman.sock';
/** The rootless Podman service of user mcrootless (root may connect to it). */
export const ROOTLESS_TEST_SOCKET = '/tmp/mcrootless-run/podman/podman.sock';
/** Docker Engine. */
export const DOCKER_TEST_SOCKET = '/var/run/docker.sock';

/** This run's id: every container and image a test creates carries it in {@link Labels.test}. */
export const runId = randomBytes(4).toString('hex');
export const runLabels = { [Labels.test]: runId };

/** A `mctest-` name unique to this run. */
export function testName(what: string): string {
  return `mctest-${runId}-${what}-${randomBytes(2).toString('hex')}`;
}

/** One call to the engine's compat API, straight over its socket; the parsed JSON answer. */
export async function raw<T = unknown>(socketPath: string, req: EngineRequest): Promise<T> {
  const res = await openEngineRequest(socketPath, '/v1.41', req);
  const chunks: Buffer[] = [];
  for await (const chunk of res as AsyncIterable<Buffer>) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Removes every container and image carrying this run's label from one engine. */
export async function cleanUp(socketPath: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${Labels.test}=${runId}`] });
  const containers = await raw<Array<{ Id: string }>>(socketPath, { method: 'GET', path: '/containers/json', query: { all: true, filters } });
  for (const c of containers) await raw(socketPath, { method: 'DELETE', path: `/containers/${c.Id}`, query: { force: true } });
  const images = await raw<Array<{ Id: string }>>(socketPath, { method: 'GET', path: '/images/json', query: { filters } });
  for (const i of images) {
    await raw(socketPath, { method: 'DELETE', path: `/images/${i.Id}`, query: { force: true } }).catch((err: unknown) => {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    });
  }
}

/** One entry of {@link contextTar}: a file, a symbolic link (`link`) or a hard link (`hardlink`). */
export type ContextEntry = { name: string; content?: string; link?: string; hardlink?: string };

/** A build context with files, symbolic links and hard links, as tar bytes. */
export async function contextTar(entries: ContextEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.link !== undefined) pack.entry({ name: e.name, type: 'symlink', linkname: e.link });
    else if (e.hardlink !== undefined) pack.entry({ name: e.name, type: 'link', linkname: e.hardlink });
    else pack.entry({ name: e.name }, e.content ?? '');
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
