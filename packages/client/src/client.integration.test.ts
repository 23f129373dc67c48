import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_LABEL, type TestServer } from '../test/support.js';
import {
  CancelledError,
  createClient,
  NotFoundError,
  requestIdOf,
  RuntimeUnavailableError,
  TimeoutError,
  ValidationError,
  type EngineEvent,
  type LogLine,
  type MikrocloudClient,
} from './index.js';

let server: TestServer;
let client: MikrocloudClient;
const labels = () => ({ [TEST_LABEL]: server.runId });

beforeAll(async () => {
  server = await startTestServer('client');
  client = createClient({ baseUrl: server.url, token: server.token });
});
afterAll(() => server?.close());

/** A fetch that ends the first answer to a matching request right after its first `data:` event. */
function cuttingFetch(match: (url: string) => boolean): { fetch: typeof fetch; cuts: number; resumedWith: (string | null)[] } {
  const state = { cuts: 0, resumedWith: [] as (string | null)[] };
  const cutting: typeof fetch = async (input, init) => {
    const url = String(input);
    const response = await fetch(input, init);
    if (!match(url) || !response.body) return response;
    state.resumedWith.push(new Headers(init?.headers).get('last-event-id'));
    if (state.cuts > 0) return response;
    state.cuts++;
    const reader = response.body.getReader();
    let text = '';
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        text += new TextDecoder().decode(value);
        const end = text.indexOf('\n\n', text.indexOf('data:'));
        if (text.includes('data:') && end !== -1) {
          controller.enqueue(new TextEncoder().encode(text.slice(0, end + 2)));
          await reader.cancel();
          controller.close();
        }
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return Object.assign(state, { fetch: cutting });
}

describe('createClient against a real server on Docker', () => {
  it('answers health and runtime info', async () => {
    expect(await client.health()).toMatchObject({ status: 'ok' });
    expect(await client.runtimeInfo()).toMatchObject({ runtime: 'docker' });
  });

  it('refuses a wrong token with the server code, and an unreachable server as runtime_unavailable', async () => {
    const wrong = createClient({ baseUrl: server.url, token: 'not-the-token' });
    await expect(wrong.containers.list()).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
    const nowhere = createClient({ baseUrl: 'http://127.0.0.1:9', token: server.token });
    await expect(nowhere.health()).rejects.toBeInstanceOf(RuntimeUnavailableError);
  });

  it('reports every problem of a bad create as a ValidationError with per-field details', async () => {
    const err = await client.containers
      .create({ name: 'eco bad', image: 'busybox:latest', ports: { '99999': '80' }, restart_policy: 'sometimes', labels: labels() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const problems = (err as ValidationError).problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.field)).toContain('restart_policy');
    expect((err as ValidationError).status).toBe(400);
    expect(requestIdOf(err)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a missing container with NotFoundError', async () => {
    await expect(client.containers.get(`${server.runId}-missing`)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists, creates, starts, streams logs and events, execs, waits and removes a container', async () => {
    const name = `${server.runId}-web`;
    const since = String(Math.floor(Date.now() / 1000) - 1);
    const started = (async () => {
      const seen: EngineEvent[] = [];
      const signal = AbortSignal.timeout(30_000);
      for await (const event of client.events({ types: ['container'], since }, { signal })) {
        seen.push(event);
        if (event.name === name && event.action === 'start') break;
      }
      return seen;
    })();

    const created = await client.containers.create({
      name,
      image: 'busybox:latest',
      command: ['sh', '-c', 'echo hello; echo oops >&2; for i in 1 2 3 4 5 6 7 8 9 10; do echo tick-$i; sleep 0.3; done; sleep 60'],
      labels: labels(),
    });
    expect(created.name).toBe(name);
    const running = await client.containers.start(created.id);
    expect(running.state).toBe('running');
    expect((await client.containers.list({ label: [`${TEST_LABEL}=${server.runId}`] })).map((c) => c.id)).toContain(created.id);
    expect((await started).some((e) => e.action === 'create' && e.name === name)).toBe(true);

    // Followed, with the first connection cut: the client resumes with Last-Event-ID, nothing twice.
    const cut = cuttingFetch((url) => url.includes('/logs'));
    const resuming = createClient({ baseUrl: server.url, token: server.token, fetch: cut.fetch });
    const lines: LogLine[] = [];
    for await (const line of resuming.containers.logs(created.id, { follow: true, signal: AbortSignal.timeout(30_000) })) {
      lines.push(line);
      if (line.line === 'tick-10') break;
    }
    expect(cut.cuts).toBe(1);
    expect(cut.resumedWith[1]).toMatch(/#/);
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.line)).toEqual(['hello', ...Array.from({ length: 10 }, (_, i) => `tick-${i + 1}`)]);
    expect(lines).toContainEqual({ stream: 'stderr', line: 'oops' });

    const exec = client.containers.exec(created.id, { command: ['sh', '-c', 'echo out; echo err >&2; exit 3'] });
    const output: LogLine[] = [];
    for await (const line of exec) output.push(line);
    expect(output).toEqual(expect.arrayContaining([{ stream: 'stdout', line: 'out' }, { stream: 'stderr', line: 'err' }]));
    expect(await exec.exitCode).toBe(3);
    // Reading only the exit code drains the stream in the background.
    expect(await client.containers.exec(created.id, { command: ['true'] }).exitCode).toBe(0);

    await expect(client.containers.wait(created.id, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({ code: 'timed_out' });
    await expect(client.containers.wait(created.id, { signal: AbortSignal.timeout(300) })).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(client.containers.wait(created.id, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);

    await client.containers.stop(created.id, { timeout: 1 });
    expect(await client.containers.wait(created.id)).toHaveProperty('exit_code');
    const stored = [];
    for await (const line of client.containers.logs(created.id, { tail: 2 })) stored.push(line.line);
    expect(stored).toEqual(['tick-9', 'tick-10']);
    await client.containers.remove(created.id);
    await expect(client.containers.get(created.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('builds from a git repository: create, logs, wait', async () => {
    const repo = await server.makeRepo({ Dockerfile: `FROM busybox:latest\nRUN echo "built-$((6*7))" ${server.runId}\n` });
    const tag = `${server.runId}-app:test`;
    const submitted = await client.builds.create({ git_repo: repo, buildpack_type: 'dockerfile', image_tag: tag });
    expect(['queued', 'running']).toContain(submitted.status);

    const cut = cuttingFetch((url) => url.includes(`/builds/${submitted.id}/logs`));
    const resuming = createClient({ baseUrl: server.url, token: server.token, fetch: cut.fetch });
    const lines = [];
    for await (const line of resuming.builds.logs(submitted.id, { signal: AbortSignal.timeout(120_000) })) lines.push(line);
    expect(lines.map((l) => l.number)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.some((l) => l.line.includes('built-42'))).toBe(true);
    expect(cut.resumedWith[1]).toBe('1');

    const finished = await client.builds.wait(submitted.id, { timeoutMs: 120_000 });
    expect(finished.status).toBe('succeeded');
    expect(finished.image_tag).toBe(tag);
    expect((await client.builds.list({ limit: 10 })).map((b) => b.id)).toContain(submitted.id);
    await expect(client.builds.cancel(submitted.id)).rejects.toMatchObject({ code: 'conflict' });
    expect((await client.images.list()).some((image) => image.tags.includes(tag))).toBe(true);
  });

  it('rejects a bad build request with per-field problems and gives up a wait at its timeout', async () => {
    const err = await client.builds.create({ git_repo: '', buildpack_type: 'dockerfile', image_tag: 'Not A Tag' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems.map((p) => p.field)).toEqual(expect.arrayContaining(['git_repo']));

    const repo = await server.makeRepo({ Dockerfile: 'FROM busybox:latest\nRUN sleep 30\n' });
    const slow = await client.builds.create({ git_repo: repo, buildpack_type: 'dockerfile', image_tag: `${server.runId}-slow:test` });
    await expect(client.builds.wait(slow.id, { timeoutMs: 500 })).rejects.toMatchObject({ code: 'timed_out' });
    const cancelled = await client.builds.cancel(slow.id);
    expect((await client.builds.wait(cancelled.id, { timeoutMs: 60_000 })).status).toBe('cancelled');
  });
});
