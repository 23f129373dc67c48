// Helpers for this package's tests. Not exported from the package.
import { execFile } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { ContainerManager } from '@mikrocloud/core';
import { request as httpRequest } from 'node:http';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A manager that records which methods are called and answers none (each call throws): for
 * checks that must be settled before the engine is reached, or to see that a request got there.
 */
export function untouchedManager(): { manager: ContainerManager; calls: string[] } {
  const calls: string[] = [];
  const manager = new Proxy({ runtime: 'docker', socketPath: '/nowhere.sock' } as ContainerManager, {
    get(target, prop) {
      if (prop in target) return target[prop as keyof ContainerManager];
      return () => {
        calls.push(String(prop));
        throw new Error(`manager.${String(prop)} must not be called`);
      };
    },
  });
  return { manager, calls };
}

/** The real Docker engine the integration tests use. */
export const DOCKER_SOCKET = '/var/run/docker.sock';
/** The engines the API's integration tests run against, as the configuration names them. */
export const TEST_ENGINES = [
  { name: 'docker', runtime: 'docker', socket: DOCKER_SOCKET, rootless: false },
  { name: 'podman (rootful)', runtime: 'podman', socket: '/run/podman/podman.sock', rootless: false },
  { name: 'podman (rootless)', runtime: 'podman', socket: '/tmp/mcrootless-run/podman/podman.sock', rootless: true },
] as const;
export type TestEngine = (typeof TEST_ENGINES)[number];

/** A git repository in a new folder under `base` holding `files` in one commit on `main`; answers its `file://` URL. */
export async function makeGitRepo(base: string, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(base, 'repo-'));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
  const git = (...args: string[]) => promisify(execFile)('git', args, { cwd: dir, env });
  await git('init', '-q', '-b', 'main');
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  await git('add', '-A');
  await git('commit', '-q', '-m', 'test');
  return `file://${dir}`;
}

/** Label every test container carries; its value is the run id. */
export const TEST_LABEL = 'io.mikrocloud.test';

/** A short id for one test run: container names and labels carry it. */
export function newRunId(): string {
  return randomUUID().slice(0, 8);
}

/** A random free TCP port from 20000 to 60000 (free on every address at the time of asking). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = randomInt(20000, 60000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen({ port, host: '0.0.0.0', exclusive: true }, () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port found');
}

/** One raw Engine API call over the Docker socket: the tests' view of the engine, independent of mikrocloud's code. */
export function engine(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return engineAt(DOCKER_SOCKET, method, path, body);
}

/** {@link engine} on any engine socket (Podman's Docker-compatible API answers the same calls). */
export function engineAt(socketPath: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      {
        socketPath,
        method,
        path,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // plain text answer
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Removes (forcibly) every container carrying the test label with this run id, from one engine (default: Docker). */
export async function removeTestContainers(runId: string, socketPath: string = DOCKER_SOCKET): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] }));
  const list = await engineAt(socketPath, 'GET', `/containers/json?all=1&filters=${filters}`);
  for (const c of (list.body as { Id: string }[]) ?? []) await engineAt(socketPath, 'DELETE', `/containers/${c.Id}?force=1&v=1`);
}

export { eventually } from '@mikrocloud/core/testing';

/**
 * A Unix-socket proxy in front of the real Docker socket, so a test can take "the engine" away
 * and bring it back without touching Docker. It records each connection's first request line.
 */
export class SocketProxy {
  private server: Server | undefined;
  readonly connections = new Map<Socket, { requestLine: string; open: boolean }>();

  constructor(readonly path: string, private readonly target = DOCKER_SOCKET) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const record = { requestLine: '', open: true };
      this.connections.set(client, record);
      const upstream = connect(this.target);
      client.once('data', (chunk: Buffer) => {
        record.requestLine = chunk.toString('latin1').split('\r\n')[0] ?? '';
      });
      client.pipe(upstream);
      upstream.pipe(client);
      const end = () => {
        record.open = false;
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end);
      client.on('error', end);
      upstream.on('close', end);
      upstream.on('error', end);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => resolve());
    });
    this.server = server;
  }

  /** Stops listening (the socket file goes away) and cuts every open connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.connections.keys()) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Connections whose first request line matches and which are still open. */
  openMatching(pattern: RegExp): number {
    return [...this.connections.values()].filter((c) => c.open && pattern.test(c.requestLine)).length;
  }

  /** Every connection whose first request line matches, open or closed. */
  seenMatching(pattern: RegExp): number {
    return [...this.connections.values()].filter((c) => pattern.test(c.requestLine)).length;
  }
}

/** One server-sent event as a test reads it. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** Reads server-sent events from a fetch response body until `stop` says so or the stream ends. */
export async function readEvents(
  res: Response,
  stop: (events: SseEvent[]) => boolean,
): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    if (stop(events)) break;
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length > 0) events.push({ event, data: data.join('\n'), ...(id === undefined ? {} : { id }) });
    }
  }
  reader.releaseLock();
  return events;
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
