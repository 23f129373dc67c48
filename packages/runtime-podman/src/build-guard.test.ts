import { BuildError, CancelledError, NotFoundError } from '@mikrocloud/core';
import type { EngineRequest } from '@mikrocloud/runtime-docker/internal';
import { describe, expect, it } from 'vitest';
import { BUILD_GUARD_IMAGE, BUILD_GUARD_LABEL, BuildGuards, guardImageTar } from './build-guard.js';

/** A fake engine answering by `METHOD path`; records every request. */
function fakeEngine(answers: Record<string, (req: EngineRequest) => unknown>, rootless = false) {
  const requests: EngineRequest[] = [];
  const warnings: string[] = [];
  const engine = {
    labels: { 'io.mikrocloud.test': 'unit' },
    rootless: async () => rootless,
    warn: (m: string) => warnings.push(m),
    call: async <T>(req: EngineRequest): Promise<T> => {
      requests.push(req);
      const answer = answers[`${req.method} ${req.path}`];
      if (!answer) throw new Error(`unexpected ${req.method} ${req.path}`);
      return answer(req) as T;
    },
  };
  return { engine, requests, warnings };
}

const input = { context: undefined as never, tags: ['app:1'] };

describe('BuildGuards', () => {
  it('imports the guard image once, then creates, initialises and later removes one guard per build', async () => {
    let imported = false;
    const { engine, requests, warnings } = fakeEngine({
      [`GET /images/${BUILD_GUARD_IMAGE}/json`]: () => {
        if (!imported) throw new NotFoundError('no such image');
        return { Id: 'sha256:guard' };
      },
      'POST /v4.0.0/libpod/images/import': () => {
        imported = true;
        return { Id: 'sha256:guard' };
      },
      'POST /containers/create': () => ({ Id: 'c1' }),
      'POST /v4.0.0/libpod/containers/c1/init': () => undefined,
      'GET /v4.0.0/libpod/containers/c1/json': () => ({ State: { Pid: 4242 } }),
      'DELETE /v4.0.0/libpod/containers/c1': () => undefined,
    });
    const guards = new BuildGuards(engine);
    const first = await guards.arrange(input, undefined);
    expect(JSON.parse(String(first?.query?.nsoptions))).toEqual([
      { Name: 'network', Path: '/proc/4242/ns/net' },
      { Name: 'pid', Path: '/proc/4242/ns/pid' },
    ]);
    const create = requests.find((r) => r.path === '/containers/create');
    expect(create?.body).toMatchObject({
      Image: 'sha256:guard',
      Labels: { 'io.mikrocloud.test': 'unit', [BUILD_GUARD_LABEL]: 'app:1' },
      HostConfig: { NetworkMode: 'bridge' },
    });
    await first?.release({ aborted: true });
    expect(requests.at(-1)).toMatchObject({ method: 'DELETE', query: { force: true, timeout: 0 } });

    await guards.arrange(input, undefined);
    expect(requests.filter((r) => r.path.endsWith('/images/import'))).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('drops only the runc warnings the shared PID namespace causes', async () => {
    const { engine } = fakeEngine({
      [`GET /images/${BUILD_GUARD_IMAGE}/json`]: () => ({ Id: 'sha256:guard' }),
      'POST /containers/create': () => ({ Id: 'c1' }),
      'POST /v4.0.0/libpod/containers/c1/init': () => undefined,
      'GET /v4.0.0/libpod/containers/c1/json': () => ({ State: { Pid: 7 } }),
    });
    const arrangement = await new BuildGuards(engine).arrange(input, undefined);
    const keep = (text: string) => arrangement?.keepOutput?.(text);
    expect(keep('time="2026-11-28T23:05:21Z" level=warning msg="cannot toggle freezer: cgroups not configured for container"')).toBe(false);
    expect(keep('time="2026-11-28T23:05:21Z" level=warning msg="lstat : no such file or directory"')).toBe(false);
    expect(keep('time="2026-11-28T23:05:40Z" level=warning msg="Failed to remove cgroup (will retry)" error="rmdir /sys/fs/cgroup/x: device or resource busy"')).toBe(false);
    expect(keep('time="2026-11-28T23:05:21Z" level=warning msg="something else"')).toBe(true);
    expect(keep('STEP 2/3: RUN echo hi')).toBe(true);
    // Several at once, as buildah passes them on; mixed with build output, nothing is dropped.
    const freezer = 'time="2026-11-28T23:05:47Z" level=warning msg="cannot toggle freezer: cgroups not configured for container"\n';
    expect(keep(`${freezer}${freezer}time="2026-11-28T23:05:47Z" level=warning msg="lstat : no such file or directory"\n`)).toBe(false);
    expect(keep(`${freezer}xxxx\n`)).toBe(true);
  });

  it.each([
    [false, 'bridge', 'bridge'],
    [true, 'bridge', 'slirp4netns'],
    [false, 'none', 'none'],
    [true, 'none', 'none'],
  ] as const)('gives the guard of a %s service asked for %s the network %s', async (rootless, network, mode) => {
    const { engine, requests } = fakeEngine(
      {
        [`GET /images/${BUILD_GUARD_IMAGE}/json`]: () => ({ Id: 'sha256:guard' }),
        'POST /containers/create': () => ({ Id: 'c1' }),
        'POST /v4.0.0/libpod/containers/c1/init': () => undefined,
        'GET /v4.0.0/libpod/containers/c1/json': () => ({ State: { Pid: 9 } }),
      },
      rootless,
    );
    const arrangement = await new BuildGuards(engine, network).arrange(input, undefined);
    expect(requests.find((r) => r.path === '/containers/create')?.body).toMatchObject({ HostConfig: { NetworkMode: mode } });
    expect(String(arrangement.query?.nsoptions)).not.toContain('Host');
  });

  const failingInit = () =>
    fakeEngine({
      [`GET /images/${BUILD_GUARD_IMAGE}/json`]: () => ({ Id: 'sha256:guard' }),
      'POST /containers/create': () => ({ Id: 'c1' }),
      'POST /v4.0.0/libpod/containers/c1/init': () => {
        throw new Error('init is not supported');
      },
      'DELETE /v4.0.0/libpod/containers/c1': () => undefined,
    });

  it('builds without a guard (and warns) in a network namespace of its own when none can be made, removing a half-made one', async () => {
    const { engine, requests, warnings } = failingInit();
    const arrangement = await new BuildGuards(engine).arrange(input, undefined);
    expect(JSON.parse(String(arrangement.query?.nsoptions))).toEqual([{ Name: 'network', Host: false }]);
    expect(requests.at(-1)?.method).toBe('DELETE');
    expect(warnings).toEqual([expect.stringContaining('init is not supported')]);
  });

  it('refuses a build asked to have no network when no guard can be made', async () => {
    const { engine } = failingInit();
    await expect(new BuildGuards(engine, 'none').arrange(input, undefined)).rejects.toBeInstanceOf(BuildError);
  });

  it('passes a cancellation on instead of building unguarded', async () => {
    const { engine } = fakeEngine({
      [`GET /images/${BUILD_GUARD_IMAGE}/json`]: () => {
        throw new CancelledError();
      },
    });
    await expect(new BuildGuards(engine).arrange(input, undefined)).rejects.toBeInstanceOf(CancelledError);
  });

  it('makes a tar whose one file is executable', () => {
    const tar = guardImageTar();
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(0, 100).toString('utf8').replace(/\0+$/, '')).toBe('mikrocloud-build-guard');
    expect(tar.subarray(100, 107).toString('utf8')).toBe('0000755');
  });
});
