import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerManager } from '../container-manager.js';
import { Labels } from '../labels.js';
import type { ContainerConfig, ContainerDetails, ContainerState, LogLine } from '../schemas/container.js';
import { freePort, pollUntil, sleep, within } from './poll.js';
import { tarOf } from './tar.js';

/** The label every container and image the suite creates carries, valued with the run's id. */
export const TEST_RUN_LABEL = Labels.test;

const STATES: readonly ContainerState[] = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
  'unknown',
];

/** How to run the conformance suite against one runtime. */
export interface ContainerManagerConformanceOptions {
  /** Shown in the suite's title, e.g. `docker` or `podman (rootless)`. */
  name: string;
  /** Returns the manager under test; called once, before the first case. */
  createManager: () => ContainerManager | Promise<ContainerManager>;
  /**
   * Images already present in the engine (the suite never pulls). `busybox` must provide `sh`,
   * `echo`, `sleep` and `httpd` (a static busybox does).
   */
  images: { busybox: string };
  /** Where published ports answer from this process. Default `127.0.0.1`. */
  hostAddress?: string;
  /** Names the run in labels and container names. Default: random. */
  runId?: string;
  /** Upper bound for anything the suite polls for (a port answering, restarts settling). Default 60 s. */
  deadlineMs?: number;
}

/** A rejection as the contract promises it: a mikrocloud error, checked by its stable code. */
async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  let settled: unknown;
  try {
    settled = await promise;
  } catch (error) {
    const got = (error as { code?: unknown })?.code;
    if (got !== code) {
      throw new Error(`expected a rejection with code "${code}", got ${String(got)}: ${String((error as Error)?.message ?? error)}`, {
        cause: error,
      });
    }
    expect(error).toBeInstanceOf(Error);
    expect(typeof (error as { status?: unknown }).status).toBe('number');
    return;
  }
  throw new Error(`expected a rejection with code "${code}", but it resolved with ${JSON.stringify(settled)}`);
}

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

function text(lines: LogLine[], stream: LogLine['stream']): string[] {
  return lines.filter((l) => l.stream === stream).map((l) => l.line);
}

/**
 * Registers vitest suites that check a {@link ContainerManager} against the contract: lifecycle
 * and states, ports, environment, labels and list filters, restart policies (stored and
 * effective), errors, logs, wait, concurrency, cancellation, images, builds, ping and info.
 * Everything it creates is labelled `io.mikrocloud.test=<run id>`, named `mctest-<run id>-*`,
 * and removed in `afterAll`, whether the cases passed or not.
 *
 * @example
 * // my-runtime.integration.test.ts
 * import { describeContainerManagerConformance } from '@mikrocloud/core/testing';
 * describeContainerManagerConformance({
 *   name: 'my-runtime',
 *   createManager: () => new MyContainerManager({ socketPath: '/run/my.sock' }),
 *   images: { busybox: 'busybox:latest' },
 * });
 */
export function describeContainerManagerConformance(options: ContainerManagerConformanceOptions): void {
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const host = options.hostAddress ?? '127.0.0.1';
  const deadline = options.deadlineMs ?? 60_000;
  const busybox = options.images.busybox;
  const runLabels = { [TEST_RUN_LABEL]: runId };
  const caseTimeout = deadline * 2 + 30_000;

  let manager: ContainerManager;
  const containers = new Set<string>();
  const images = new Set<string>();
  let sequence = 0;

  const nameFor = (slug: string) => `mctest-${runId}-${slug}-${++sequence}`;

  /** Creates a busybox container under the run's label and name prefix, and tracks it. */
  async function create(slug: string, config: Partial<ContainerConfig> = {}): Promise<ContainerDetails> {
    const name = config.name ?? nameFor(slug);
    containers.add(name);
    // `command: undefined` asks for the image's own CMD; leaving it out asks for a long sleep.
    const { command: asked, ...rest } = config;
    const command = 'command' in config ? asked : ['sleep', '3600'];
    const details = await manager.create({
      image: busybox,
      ...rest,
      ...(command === undefined ? {} : { command }),
      name,
      labels: { ...config.labels, ...runLabels },
    });
    containers.add(details.id);
    return details;
  }

  /** Runs a short command to completion and returns its exit code. */
  async function runToEnd(slug: string, config: Partial<ContainerConfig>): Promise<{ details: ContainerDetails; exitCode: number }> {
    const details = await create(slug, config);
    await manager.start(details.id);
    const { exit_code } = await within(`wait(${details.name})`, manager.wait(details.id), deadline);
    return { details, exitCode: exit_code };
  }

  const missing = `mctest-${runId}-missing`;

  describe(`ContainerManager conformance: ${options.name}`, () => {
    beforeAll(async () => {
      manager = await options.createManager();
    });

    afterAll(async () => {
      if (!manager) return;
      const failures: unknown[] = [];
      const tolerate = (error: unknown) => {
        if ((error as { code?: unknown })?.code !== 'not_found') failures.push(error);
      };
      for (const ref of containers) await manager.remove(ref, { force: true }).catch(tolerate);
      // A safety net for anything created but not tracked (a create that timed out client-side).
      const left = await manager.list({ all: true, labels: runLabels }).catch((e: unknown) => {
        failures.push(e);
        return [];
      });
      for (const c of left) await manager.remove(c.id, { force: true }).catch(tolerate);
      for (const ref of images) await manager.removeImage(ref, { force: true }).catch(tolerate);
      if (failures.length > 0) throw new AggregateError(failures, `cleanup of run ${runId} failed`);
    });

    describe('engine', () => {
      it('answers ping', async () => {
        await expect(manager.ping()).resolves.toBeUndefined();
      });

      it('reports runtime, version and how it was reached in info', async () => {
        const info = await manager.info();
        expect(info.runtime).toBe(manager.runtime);
        expect(info.version).toMatch(/\S/);
        expect(info.api_version).toMatch(/\S/);
        expect(typeof info.rootless).toBe('boolean');
        expect(info.socket_path).toBe(manager.socketPath);
        expect(Array.isArray(info.warnings)).toBe(true);
        expect(Number.isInteger(info.cpus)).toBe(true);
      });
    });

    describe('lifecycle', () => {
      it(
        'creates, inspects, starts, stops, restarts and removes, reporting core states',
        async () => {
          const created = await create('life', { environment: { MODE: 'test' } });
          expect(created.state).toBe('created');
          // Long enough that a 12-character prefix is meaningful, as the contract accepts prefixes.
          expect(created.id.length).toBeGreaterThan(12);
          expect(created.name).toMatch(/^mctest-/);
          expect(created.image).toBe(busybox);
          expect(created.image_id).toMatch(/\S/);
          expect(created.labels[Labels.managed]).toBe('true');
          expect(created.labels[TEST_RUN_LABEL]).toBe(runId);
          expect(created.command).toEqual(['sleep', '3600']);
          expect(created.tty).toBe(false);
          expect(Number.isNaN(Date.parse(created.created_at))).toBe(false);
          expect(created.started_at).toBeNull();

          const byName = await manager.inspect(created.name);
          const byPrefix = await manager.inspect(created.id.slice(0, 12));
          expect(byName.id).toBe(created.id);
          expect(byPrefix.id).toBe(created.id);

          const listed = await manager.list({ labels: runLabels });
          const entry = listed.find((c) => c.id === created.id);
          expect(entry).toBeDefined();
          expect(entry?.name).toBe(created.name);
          expect(entry?.image).toBe(busybox);
          expect(entry?.state).toBe('created');

          const started = await manager.start(created.id);
          expect(started.state).toBe('running');
          expect(started.started_at).not.toBeNull();

          // `sleep` as PID 1 ignores SIGTERM, so stop falls through to SIGKILL after the timeout.
          const stopped = await manager.stop(created.id, { timeoutSeconds: 1 });
          expect(stopped.state).toBe('exited');
          expect(stopped.exit_code).not.toBeNull();
          expect(stopped.finished_at).not.toBeNull();

          const restarted = await manager.restart(created.id, { timeoutSeconds: 1 });
          expect(restarted.state).toBe('running');
          const again = await manager.restart(created.id, { timeoutSeconds: 1 });
          expect(again.state).toBe('running');

          for (const c of await manager.list({ labels: runLabels })) expect(STATES).toContain(c.state);

          await manager.stop(created.id, { timeoutSeconds: 1 });
          await manager.remove(created.id);
          await rejectsWithCode(manager.inspect(created.id), 'not_found');
          expect((await manager.list({ all: true, labels: runLabels })).map((c) => c.id)).not.toContain(created.id);
        },
        caseTimeout,
      );

      it('starting a running container and stopping a stopped one are not errors', async () => {
        const c = await create('idem');
        await manager.start(c.id);
        expect((await manager.start(c.id)).state).toBe('running');
        await manager.stop(c.id, { timeoutSeconds: 1 });
        expect((await manager.stop(c.id, { timeoutSeconds: 1 })).state).toBe('exited');
      });

      it('refuses to remove a running container without force, and removes it with force', async () => {
        const c = await create('force');
        await manager.start(c.id);
        await rejectsWithCode(manager.remove(c.id), 'conflict');
        expect((await manager.inspect(c.id)).state).toBe('running');
        await manager.remove(c.id, { force: true });
        await rejectsWithCode(manager.inspect(c.id), 'not_found');
      });

      it('reports a taken name as a conflict', async () => {
        const c = await create('taken');
        await rejectsWithCode(
          manager.create({ image: busybox, name: c.name, command: ['true'], labels: runLabels }),
          'conflict',
        );
      });

      it(
        'creates 8 containers concurrently, all distinct',
        async () => {
          const made = await Promise.all(
            Array.from({ length: 8 }, (_, i) => create(`par${i}`, { labels: { 'mctest.group': 'parallel' } })),
          );
          expect(new Set(made.map((c) => c.id)).size).toBe(8);
          expect(new Set(made.map((c) => c.name)).size).toBe(8);
          const listed = await manager.list({ labels: { ...runLabels, 'mctest.group': 'parallel' } });
          expect(listed.map((c) => c.id).sort()).toEqual(made.map((c) => c.id).sort());
        },
        caseTimeout,
      );
    });

    describe('validation', () => {
      it('rejects invalid configurations before they reach the engine', async () => {
        const name = nameFor('invalid');
        containers.add(name);
        await rejectsWithCode(manager.create({ image: 'Not An Image!', name, labels: runLabels }), 'validation_failed');
        await rejectsWithCode(
          manager.create({ image: busybox, name, labels: { ...runLabels, [Labels.managed]: 'false' } }),
          'validation_failed',
        );
        await rejectsWithCode(
          manager.create({ image: busybox, name, ports: { '70000': '80' }, labels: runLabels }),
          'validation_failed',
        );
        await rejectsWithCode(manager.inspect(name), 'not_found');
      });
    });

    describe('not found', () => {
      it('every verb on a missing container rejects with not_found', async () => {
        await rejectsWithCode(manager.inspect(missing), 'not_found');
        await rejectsWithCode(manager.start(missing), 'not_found');
        await rejectsWithCode(manager.stop(missing), 'not_found');
        await rejectsWithCode(manager.restart(missing), 'not_found');
        await rejectsWithCode(manager.remove(missing), 'not_found');
        await rejectsWithCode(manager.remove(missing, { force: true }), 'not_found');
        await rejectsWithCode(manager.wait(missing), 'not_found');
        await rejectsWithCode(collect(manager.logs(missing)), 'not_found');
        await rejectsWithCode(collect(manager.logs(missing, { follow: true })), 'not_found');
      });

      it('creating from a missing image rejects with not_found and leaves nothing behind', async () => {
        const name = nameFor('noimage');
        containers.add(name);
        await rejectsWithCode(
          manager.create({ image: `mctest-${runId}-absent:never`, name, labels: runLabels }),
          'not_found',
        );
        await rejectsWithCode(manager.inspect(name), 'not_found');
      });
    });

    describe('ports', () => {
      it(
        'publishes a container port that answers from the host',
        async () => {
          const hostPort = await freePort(host);
          const marker = `hello-${runId}`;
          const c = await create('http', {
            ports: { [String(hostPort)]: '80' },
            command: ['sh', '-c', `mkdir -p /www && echo ${marker} > /www/index.html && exec httpd -f -p 80 -h /www`],
          });
          const binding = { host_ip: '0.0.0.0', host_port: hostPort, container_port: 80, protocol: 'tcp' };
          expect(c.ports).toEqual([binding]);
          await manager.start(c.id);

          const body = await pollUntil(
            `http://${host}:${hostPort}/ to answer`,
            async () => {
              const res = await fetch(`http://${host}:${hostPort}/`, { signal: AbortSignal.timeout(5_000) });
              return res.ok ? await res.text() : `HTTP ${res.status}`;
            },
            (b) => b.includes(marker),
            deadline,
          );
          expect(body.trim()).toBe(marker);

          expect((await manager.inspect(c.id)).ports).toEqual([binding]);
          const listed = (await manager.list({ labels: runLabels })).find((x) => x.id === c.id);
          expect(listed?.ports).toEqual([binding]);
        },
        caseTimeout,
      );

      it('binds to a given host address', async () => {
        const hostPort = await freePort('127.0.0.1');
        const c = await create('bindip', { ports: { [`127.0.0.1:${hostPort}`]: '8080/tcp' } });
        const binding = { host_ip: '127.0.0.1', host_port: hostPort, container_port: 8080, protocol: 'tcp' };
        expect(c.ports).toEqual([binding]);
        await manager.start(c.id);
        expect((await manager.inspect(c.id)).ports).toEqual([binding]);
        expect((await manager.list({ labels: runLabels })).find((x) => x.id === c.id)?.ports).toEqual([binding]);
      });
    });

    describe('environment and labels', () => {
      it('passes the environment to the process and reports it in inspect', async () => {
        const { details, exitCode } = await runToEnd('env', {
          environment: { FOO: 'bar baz', EMPTY: '', QUOTE: `it's "$HOME"` },
          command: ['sh', '-c', 'echo "FOO=$FOO"; echo "QUOTE=$QUOTE"; echo "EMPTY=[$EMPTY]"'],
        });
        expect(exitCode).toBe(0);
        const lines = text(await collect(manager.logs(details.id)), 'stdout');
        expect(lines).toEqual(['FOO=bar baz', `QUOTE=it's "$HOME"`, 'EMPTY=[]']);
        const inspected = await manager.inspect(details.id);
        expect(inspected.environment).toMatchObject({ FOO: 'bar baz', EMPTY: '', QUOTE: `it's "$HOME"` });
      });

      it('stores labels, marks containers managed, and filters list by label and state', async () => {
        const alpha = await create('alpha', { labels: { 'mctest.role': 'alpha', 'mctest.tier': 'x' } });
        const beta = await create('beta', { labels: { 'mctest.role': 'beta', 'mctest.tier': 'x' } });
        expect(alpha.labels).toMatchObject({ 'mctest.role': 'alpha', [Labels.managed]: 'true' });

        const onlyAlpha = await manager.list({ labels: { ...runLabels, 'mctest.role': 'alpha' } });
        expect(onlyAlpha.map((c) => c.id)).toEqual([alpha.id]);
        expect(onlyAlpha[0]?.labels).toMatchObject({ 'mctest.role': 'alpha', 'mctest.tier': 'x' });

        const tier = await manager.list({ labels: { ...runLabels, 'mctest.tier': 'x' } });
        expect(tier.map((c) => c.id).sort()).toEqual([alpha.id, beta.id].sort());

        const everything = await manager.list();
        expect(everything.length).toBeGreaterThan(0);
        for (const c of everything) expect(c.labels[Labels.managed]).toBe('true');
        const all = await manager.list({ all: true });
        expect(all.length).toBeGreaterThanOrEqual(everything.length);

        await manager.start(beta.id);
        const created = await manager.list({ labels: { ...runLabels, 'mctest.tier': 'x' }, states: ['created'] });
        expect(created.map((c) => c.id)).toEqual([alpha.id]);
        const running = await manager.list({ labels: { ...runLabels, 'mctest.tier': 'x' }, states: ['running'] });
        expect(running.map((c) => c.id)).toEqual([beta.id]);
        const either = await manager.list({
          labels: { ...runLabels, 'mctest.tier': 'x' },
          states: ['created', 'running'],
        });
        expect(either).toHaveLength(2);
      });
    });

    describe('restart policies', () => {
      it('stores each policy and reports it in inspect', async () => {
        const none = await create('rp-default');
        expect(none.restart_policy).toBe('no');
        for (const policy of ['no', 'always', 'unless-stopped', 'on-failure', 'on-failure:2'] as const) {
          const c = await create(`rp-${policy.replace(':', '-')}`, { restart_policy: policy });
          expect(c.restart_policy).toBe(policy);
          expect((await manager.inspect(c.id)).restart_policy).toBe(policy);
        }
      });

      it(
        'restarts an on-failure:2 container that fails exactly twice',
        async () => {
          const c = await create('onfail', { restart_policy: 'on-failure:2', command: ['sh', '-c', 'exit 1'] });
          await manager.start(c.id);
          const settled = await pollUntil(
            'two restarts, then exited',
            () => manager.inspect(c.id),
            (d) => d.restart_count >= 2 && d.state === 'exited',
            deadline,
          );
          expect(settled.restart_count).toBe(2);
          expect(settled.exit_code).toBe(1);
          // Watch a while longer: a third restart would show up here.
          for (let i = 0; i < 6; i++) {
            await sleep(500);
            const d = await manager.inspect(c.id);
            expect(d.restart_count).toBe(2);
            expect(d.state).toBe('exited');
          }
        },
        caseTimeout,
      );

      it(
        'restarts an always container after its process exits',
        async () => {
          const c = await create('always', { restart_policy: 'always', command: ['sh', '-c', 'sleep 1; exit 0'] });
          await manager.start(c.id);
          const seen = await pollUntil('a restart', () => manager.inspect(c.id), (d) => d.restart_count >= 1, deadline);
          expect(seen.restart_count).toBeGreaterThanOrEqual(1);
          // An explicit stop wins over the policy.
          const stopped = await manager.stop(c.id, { timeoutSeconds: 1 });
          expect(stopped.state).toBe('exited');
        },
        caseTimeout,
      );

      it('does not restart a container whose policy is no', async () => {
        const { details, exitCode } = await runToEnd('noreset', { restart_policy: 'no', command: ['sh', '-c', 'exit 1'] });
        expect(exitCode).toBe(1);
        const d = await manager.inspect(details.id);
        expect(d.state).toBe('exited');
        expect(d.restart_count).toBe(0);
      });
    });

    describe('logs and wait', () => {
      const script = 'echo out1; echo err1 >&2; echo out2; echo err2 >&2';

      it('keeps stdout and stderr apart without a terminal', async () => {
        const { details } = await runToEnd('logs', { command: ['sh', '-c', script] });
        const lines = await collect(manager.logs(details.id));
        expect(text(lines, 'stdout')).toEqual(['out1', 'out2']);
        expect(text(lines, 'stderr')).toEqual(['err1', 'err2']);
        expect(text(await collect(manager.logs(details.id, { stdout: false })), 'stdout')).toEqual([]);
        expect(text(await collect(manager.logs(details.id, { stderr: false })), 'stderr')).toEqual([]);
      });

      it('reports everything as stdout with a terminal', async () => {
        const { details } = await runToEnd('tty', { tty: true, command: ['sh', '-c', script] });
        expect(details.tty).toBe(true);
        const lines = await collect(manager.logs(details.id));
        expect(lines.map((l) => l.stream)).toEqual(['stdout', 'stdout', 'stdout', 'stdout']);
        expect(lines.map((l) => l.line)).toEqual(['out1', 'err1', 'out2', 'err2']);
      });

      it('returns only the last lines with tail, and timestamps when asked', async () => {
        const { details } = await runToEnd('tail', { command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done'] });
        expect((await collect(manager.logs(details.id, { tail: 2 }))).map((l) => l.line)).toEqual(['line4', 'line5']);
        const stamped = await collect(manager.logs(details.id, { timestamps: true, tail: 1 }));
        expect(stamped).toHaveLength(1);
        expect(stamped[0]?.line).toBe('line5');
        expect(Number.isNaN(Date.parse(stamped[0]?.timestamp ?? ''))).toBe(false);
        expect(await collect(manager.logs(details.id, { since: new Date(Date.now() + 3_600_000) }))).toEqual([]);
      });

      it(
        'follows until the container exits',
        async () => {
          const c = await create('follow', { command: ['sh', '-c', 'for i in 1 2 3; do echo tick$i; sleep 1; done'] });
          await manager.start(c.id);
          const lines = await within('follow logs', collect(manager.logs(c.id, { follow: true })), deadline);
          expect(text(lines, 'stdout')).toEqual(['tick1', 'tick2', 'tick3']);
        },
        caseTimeout,
      );

      it(
        'ends a followed stream when its signal is aborted',
        async () => {
          const c = await create('abortlogs', { command: ['sh', '-c', 'while true; do echo tick; sleep 1; done'] });
          await manager.start(c.id);
          const controller = new AbortController();
          const seen: LogLine[] = [];
          const ended = (async () => {
            try {
              for await (const line of manager.logs(c.id, { follow: true, signal: controller.signal })) {
                seen.push(line);
                if (seen.length === 2) controller.abort();
              }
              return 'ended';
            } catch (error) {
              return error;
            }
          })();
          const outcome = await within('an aborted log follow', ended, deadline);
          if (outcome !== 'ended') expect((outcome as { code?: unknown }).code).toBe('cancelled');
          expect(seen.length).toBeGreaterThanOrEqual(2);
        },
        caseTimeout,
      );

      it(
        'ends a followed stream when the consumer breaks out',
        async () => {
          const c = await create('breaklogs', { command: ['sh', '-c', 'while true; do echo tick; sleep 1; done'] });
          await manager.start(c.id);
          const first = await within(
            'breaking out of a log follow',
            (async () => {
              for await (const line of manager.logs(c.id, { follow: true })) return line;
              return undefined;
            })(),
            deadline,
          );
          expect(first?.line).toBe('tick');
        },
        caseTimeout,
      );

      it('returns the exit code from wait', async () => {
        const { exitCode } = await runToEnd('exit3', { command: ['sh', '-c', 'exit 3'] });
        expect(exitCode).toBe(3);
        const { exitCode: zero } = await runToEnd('exit0', { command: ['true'] });
        expect(zero).toBe(0);
      });
    });

    describe('cancellation', () => {
      it('rejects every call made with an aborted signal as cancelled', async () => {
        const c = await create('aborted');
        const signal = AbortSignal.abort();
        await rejectsWithCode(manager.ping({ signal }), 'cancelled');
        await rejectsWithCode(manager.info({ signal }), 'cancelled');
        await rejectsWithCode(manager.list({ signal }), 'cancelled');
        await rejectsWithCode(manager.inspect(c.id, { signal }), 'cancelled');
        await rejectsWithCode(manager.start(c.id, { signal }), 'cancelled');
        await rejectsWithCode(manager.stop(c.id, { signal }), 'cancelled');
        await rejectsWithCode(manager.restart(c.id, { signal }), 'cancelled');
        await rejectsWithCode(manager.wait(c.id, { signal }), 'cancelled');
        await rejectsWithCode(collect(manager.logs(c.id, { signal })), 'cancelled');
        await rejectsWithCode(manager.remove(c.id, { signal }), 'cancelled');
        await rejectsWithCode(manager.imageExists(busybox, { signal }), 'cancelled');
        await rejectsWithCode(manager.inspectImage(busybox, { signal }), 'cancelled');
        await rejectsWithCode(manager.removeImage(`mctest-${runId}-absent:never`, { signal }), 'cancelled');
        // Nothing happened: the container is still there, still created.
        expect((await manager.inspect(c.id)).state).toBe('created');

        const name = nameFor('aborted-create');
        containers.add(name);
        await rejectsWithCode(manager.create({ image: busybox, name, labels: runLabels }, { signal }), 'cancelled');
        await rejectsWithCode(manager.inspect(name), 'not_found');
      });

      it(
        'rejects a pending wait promptly when its signal is aborted, leaving the container running',
        async () => {
          const c = await create('abortwait');
          await manager.start(c.id);
          const controller = new AbortController();
          const waiting = manager.wait(c.id, { signal: controller.signal });
          await sleep(300);
          controller.abort();
          await within('an aborted wait', rejectsWithCode(waiting, 'cancelled'), deadline);
          expect((await manager.inspect(c.id)).state).toBe('running');
        },
        caseTimeout,
      );
    });

    describe('images', () => {
      it('tells whether an image exists and inspects it', async () => {
        expect(await manager.imageExists(busybox)).toBe(true);
        expect(await manager.imageExists(`mctest-${runId}-absent:never`)).toBe(false);
        const image = await manager.inspectImage(busybox);
        expect(image.id).toMatch(/\S/);
        expect(image.tags).toContain(busybox);
        expect(image.size_bytes).toBeGreaterThan(0);
        expect(Number.isNaN(Date.parse(image.created_at))).toBe(false);
      });

      it('rejects inspecting or removing a missing image with not_found', async () => {
        await rejectsWithCode(manager.inspectImage(`mctest-${runId}-absent:never`), 'not_found');
        await rejectsWithCode(manager.removeImage(`mctest-${runId}-absent:never`), 'not_found');
      });

      it(
        'builds an image, reports its lines and id, runs it, and removes it',
        async () => {
          const tag = `mctest-${runId}-built:1`;
          images.add(tag);
          const lines: string[] = [];
          const result = await manager.buildImage(
            {
              context: tarOf({
                Dockerfile: `FROM ${busybox}\nARG GREETING\nCOPY hello.txt /hello.txt\nRUN echo "$GREETING" >> /hello.txt\nCMD ["cat", "/hello.txt"]\n`,
                'hello.txt': 'from the context\n',
              }),
              tags: [tag],
              buildArgs: { GREETING: 'from a build arg' },
              labels: { ...runLabels, 'mctest.kind': 'built' },
            },
            { onLog: (line) => lines.push(line) },
          );
          expect(result.image_id).toMatch(/\S/);
          expect(lines.length).toBeGreaterThan(0);
          expect(await manager.imageExists(tag)).toBe(true);
          const image = await manager.inspectImage(tag);
          expect(image.tags).toContain(tag);
          expect(image.labels).toMatchObject({ 'mctest.kind': 'built' });
          expect(result.image_id.replace(/^sha256:/, '')).toContain(image.id.replace(/^sha256:/, '').slice(0, 12));

          const { details, exitCode } = await runToEnd('built', { image: tag, command: undefined });
          expect(exitCode).toBe(0);
          expect(details.image).toBe(tag);
          expect(text(await collect(manager.logs(details.id)), 'stdout')).toEqual(['from the context', 'from a build arg']);

          await manager.remove(details.id);
          await manager.removeImage(tag);
          expect(await manager.imageExists(tag)).toBe(false);
        },
        caseTimeout,
      );

      it(
        'rejects a failing build step as build_failed and tags nothing',
        async () => {
          const tag = `mctest-${runId}-broken:1`;
          images.add(tag);
          await rejectsWithCode(
            manager.buildImage({
              context: tarOf({ Dockerfile: `FROM ${busybox}\nRUN exit 7\n` }),
              tags: [tag],
              labels: runLabels,
            }),
            'build_failed',
          );
          expect(await manager.imageExists(tag)).toBe(false);
        },
        caseTimeout,
      );
    });
  });
}
