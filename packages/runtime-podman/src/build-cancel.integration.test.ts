import { Readable } from 'node:stream';
import { CancelledError, silentLogger, tarArchive } from '@mikrocloud/core';
import { hostProcessesMatching } from '@mikrocloud/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILD_GUARD_LABEL } from './build-guard.js';
import { PodmanContainerManager } from './podman-container-manager.js';
import { ROOTFUL_TEST_SOCKET, ROOTLESS_TEST_SOCKET, cleanUp, raw, runId, runLabels } from './test-support.js';

/** A one-file build context. */
function dockerfileContext(dockerfile: string): Readable {
  return Readable.from([tarArchive({ Dockerfile: dockerfile })]);
}

async function until(check: () => Promise<boolean>, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const engines = [
  { name: 'rootful', socketPath: ROOTFUL_TEST_SOCKET },
  { name: 'rootless', socketPath: ROOTLESS_TEST_SOCKET },
] as const;

afterAll(async () => {
  const results = await Promise.allSettled(engines.map((e) => cleanUp(e.socketPath)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new AggregateError(failed.map((f) => f.reason as unknown), 'cleanup failed');
});

describe.each(engines)('buildImage cancellation on the $name Podman service', ({ socketPath }) => {
  const warnings: string[] = [];
  const podman = new PodmanContainerManager({ socketPath, labels: runLabels, logger: { ...silentLogger, warn: (m) => warnings.push(m) } });

  /** Guard containers of this run still on the engine. */
  const guardsLeft = async () =>
    raw<unknown[]>(socketPath, {
      method: 'GET',
      path: '/containers/json',
      query: { all: true, filters: JSON.stringify({ label: [`io.mikrocloud.test=${runId}`, BUILD_GUARD_LABEL] }) },
    });

  it('stops the running step of an aborted build, rejects as cancelled at once, and tags nothing', async () => {
    const tag = `mctest-${runId}-abort:1`;
    // The trailing echo keeps the shell (whose command line holds the marker) from exec'ing sleep.
    const marker = `mctest-${runId}-abort-marker`;
    const controller = new AbortController();
    let running!: () => void;
    const stepRunning = new Promise<void>((resolve) => (running = resolve));
    const lines: string[] = [];
    const build = podman.buildImage(
      { context: dockerfileContext(`FROM busybox:latest\nRUN echo "sleeping-$((6*7))" && sleep 120 && echo ${marker}\n`), tags: [tag] },
      {
        signal: controller.signal,
        onLog: (line) => {
          lines.push(line);
          if (line === 'sleeping-42') running();
        },
      },
    );
    build.catch(() => {});
    await stepRunning;
    expect((await hostProcessesMatching(marker)).length).toBeGreaterThan(0);
    expect(await guardsLeft()).toHaveLength(1);

    const abortedAt = Date.now();
    controller.abort();
    await expect(build).rejects.toBeInstanceOf(CancelledError);
    await expect(build).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - abortedAt).toBeLessThan(10_000);

    // The step's shell is gone: not still sleeping on the host.
    await until(async () => (await hostProcessesMatching(marker)).length === 0, 15_000);
    expect(await guardsLeft()).toEqual([]);
    expect(await podman.imageExists(tag)).toBe(false);
    expect(warnings).toEqual([]);
  }, 90_000);

  it('builds as before under a guard, and removes the guard afterwards', async () => {
    const tag = `mctest-${runId}-guarded:1`;
    const lines: string[] = [];
    const result = await podman.buildImage(
      {
        // A step that leaves a process behind, then one that must not wait for it.
        context: dockerfileContext(`FROM busybox:latest\nRUN (sleep 60 &) ; echo "left-$((6*7))"\nRUN echo "next-$((6*7))"\n`),
        tags: [tag],
        noCache: true,
      },
      { onLog: (l) => lines.push(l) },
    );
    expect(lines).toContain('left-42');
    expect(lines).toContain('next-42');
    // runc's warnings about the shared PID namespace are the guard's, not the build's.
    expect(lines.filter((l) => l.includes('level=warning'))).toEqual([]);
    expect((await podman.inspectImage(tag)).id).toBe(result.image_id);
    expect(await guardsLeft()).toEqual([]);
    expect(warnings).toEqual([]);
    await podman.removeImage(tag);
  }, 90_000);
});
