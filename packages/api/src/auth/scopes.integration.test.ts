// Named tokens, scopes and the audit trail through `mikrocloud serve`, on each real engine.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { TEST_ENGINES, TEST_LABEL, engineAt, newRunId, removeTestContainers } from '../test-support.js';

const runId = newRunId();
const dir = mkdtempSync(join(tmpdir(), 'mctest-scopes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRETS = {
  reader: `reader-${runId}-d1b0c8e2a4`,
  operator: `operator-${runId}-77f0a1c3`,
  writer: `writer-${runId}-5e9b2d40`,
  admin: `admin-${runId}-c03f19e6aa`,
};

describe.each(TEST_ENGINES)('tokens, scopes and audit through mikrocloud serve on $name', (target) => {
  const home = join(dir, target.name.replace(/[^a-z]/g, '-'));
  let base = '';
  let stop: () => Promise<void> = async () => {};
  let served: Promise<number>;
  const name = `mctest-${runId}-${target.runtime}${target.rootless ? '-rootless' : ''}-scoped`;

  beforeAll(async () => {
    const dataDir = join(home, 'data');
    rmSync(home, { recursive: true, force: true });
    const readerFile = join(dir, `${target.runtime}-${target.rootless}-reader.token`);
    const adminFile = join(dir, `${target.runtime}-${target.rootless}-admin.token`);
    writeFileSync(readerFile, `${SECRETS.reader}\n`, { mode: 0o600 });
    writeFileSync(adminFile, SECRETS.admin, { mode: 0o600 });
    const writerDigest = createHash('sha256').update(SECRETS.writer).digest('hex');
    const config = join(dir, `${target.runtime}-${target.rootless}.toml`);
    writeFileSync(
      config,
      [
        '[server]',
        'host = "127.0.0.1"',
        `data_dir = "${dataDir}"`,
        '[[server.tokens]]',
        'name = "reader"',
        'scopes = ["read"]',
        `token_file = "${readerFile}"`,
        '[[server.tokens]]',
        'name = "operator"',
        'scopes = ["operate"]',
        'token_env = "SCOPES_TEST_OPERATOR"',
        '[[server.tokens]]',
        'name = "writer"',
        'scopes = ["write"]',
        `token_sha256 = "${writerDigest}"`,
        '[[server.tokens]]',
        'name = "admin"',
        'scopes = ["admin"]',
        `token_file = "${adminFile}"`,
        '[docker]',
        `runtime = "${target.runtime}"`,
        `socket_path = "${target.socket}"`,
        `rootless = ${target.rootless}`,
        '',
      ].join('\n'),
    );
    const listening = new Promise<void>((resolve) => {
      served = runCli(['serve', '--config', config, '--port', '0'], {
        env: { SCOPES_TEST_OPERATOR: SECRETS.operator, HOME: home },
        handleSignals: false,
        stderr: () => {},
        managerLabels: { [TEST_LABEL]: runId },
        onListening: (url, close) => {
          base = url;
          stop = close;
          resolve();
        },
      });
      void served.then(() => resolve());
    });
    await listening;
    if (!base) throw new Error(`mikrocloud serve exited with ${await served}`);
  });

  afterAll(async () => {
    await stop();
    await removeTestContainers(runId, target.socket);
  });

  const call = (who: keyof typeof SECRETS | undefined, method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        ...(who ? { authorization: `Bearer ${SECRETS[who]}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const state = async (id: string) => ((await engineAt(target.socket, 'GET', `/containers/${id}/json`)).body as { State: { Status: string } }).State.Status;

  it('each token does what its scope allows and nothing more; the audit trail records it without a secret', async () => {
    const image = target.runtime === 'docker' ? 'busybox:latest' : 'docker.io/library/busybox:latest';
    const spec = { image, name, command: ['sleep', '300'], labels: { [TEST_LABEL]: runId } };

    expect((await call(undefined, 'GET', '/api/v1/containers')).status).toBe(401);
    expect((await call('operator', 'POST', '/api/v1/containers', spec)).status).toBe(403);
    const created = await call('writer', 'POST', '/api/v1/containers', spec);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    expect((await call('reader', 'POST', `/api/v1/containers/${id}/start`)).status).toBe(403);
    expect(await state(id)).toBe('created');
    expect((await call('operator', 'POST', `/api/v1/containers/${id}/start`)).status).toBe(200);
    expect(await state(id)).toBe('running');

    const refusedStop = await call('reader', 'POST', `/api/v1/containers/${name}/stop?timeout=1`);
    expect(refusedStop.status).toBe(403);
    expect(((await refusedStop.json()) as { error: { details: { missing_scope: string } } }).error.details.missing_scope).toBe('operate');
    expect(await state(id)).toBe('running');
    expect((await call('reader', 'GET', `/api/v1/containers/${id}`)).status).toBe(200);

    expect((await call('operator', 'POST', `/api/v1/containers/${id}/stop?timeout=1`)).status).toBe(200);
    expect((await call('operator', 'DELETE', `/api/v1/containers/${id}`)).status).toBe(403);
    expect((await call('writer', 'GET', '/api/v1/audit')).status).toBe(403);
    const removed = await call('writer', 'DELETE', `/api/v1/containers/${id}`);
    expect(removed.status).toBe(204);
    const removeRequestId = removed.headers.get('x-request-id');
    expect((await engineAt(target.socket, 'GET', `/containers/${id}/json`)).status).toBe(404);

    const audit = await call('admin', 'GET', `/api/v1/audit?limit=50`);
    expect(audit.status).toBe(200);
    const { entries } = (await audit.json()) as { entries: { token: string; method: string; route: string; target: string | null; status: number; request_id: string }[] };
    expect(entries.map((e) => [e.token, e.method, e.route, e.target === null ? null : e.target === name ? 'name' : 'id', e.status]).reverse()).toEqual([
      ['anonymous', 'GET', '/api/v1/containers', null, 401],
      ['operator', 'POST', '/api/v1/containers', null, 403],
      ['writer', 'POST', '/api/v1/containers', null, 201],
      ['reader', 'POST', '/api/v1/containers/:id/start', 'id', 403],
      ['operator', 'POST', '/api/v1/containers/:id/start', 'id', 200],
      ['reader', 'POST', '/api/v1/containers/:id/stop', 'name', 403],
      ['operator', 'POST', '/api/v1/containers/:id/stop', 'id', 200],
      ['operator', 'DELETE', '/api/v1/containers/:id', 'id', 403],
      ['writer', 'GET', '/api/v1/audit', null, 403],
      ['writer', 'DELETE', '/api/v1/containers/:id', 'id', 204],
    ]);
    expect(entries[0]?.request_id).toBe(removeRequestId);

    await stop();
    const dataDir = join(home, 'data');
    expect(readdirSync(dataDir)).toContain('audit.db');
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('audit.db'))) {
      const bytes = readFileSync(join(dataDir, file));
      for (const secret of Object.values(SECRETS)) expect(bytes.includes(secret), `${file} holds a token`).toBe(false);
    }
  });
});
