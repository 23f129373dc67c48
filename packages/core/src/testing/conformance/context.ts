import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { ContainerManager } from '../../container-manager.js';
import type { ContainerHandle } from '../../contract/handles.js';
import { Labels } from '../../labels.js';
import type { ContainerConfig, ContainerDetails, ContainerState, LogLine } from '../../schemas/container.js';
import { within } from '../poll.js';
import type { TestRegistry } from '../registry.js';

/** The label every container and image the suite creates carries, valued with the run's id. */
export const TEST_RUN_LABEL = Labels.test;

export const STATES: readonly ContainerState[] = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
  'unknown',
];

/** The groups of conformance cases, in the order they run. */
export const CONFORMANCE_GROUPS = [
  'engine',
  'lifecycle',
  'errors',
  'ports',
  'environment-labels',
  'restart-policies',
  'logs-wait',
  'cancellation',
  'images-builds',
  'volumes',
  'networks',
  'mounts',
  'resources',
  'health',
  'exec',
  'registry',
  'events',
  'handles',
  'images-housekeeping',
] as const;

/** One group of conformance cases. */
export type ConformanceGroup = (typeof CONFORMANCE_GROUPS)[number];

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
  /**
   * A directory inside one of the manager's `allowedBindRoots`, readable by the engine (the suite
   * makes directories in it). Absent: the suite checks that every bind mount is refused.
   */
  bindRoot?: string;
  /** A registry with authentication for the pull and push cases (`readTestRegistry()`); absent: those cases are skipped. */
  registry?: TestRegistry;
  /** Upper bound for anything the suite polls for (a port answering, restarts settling). Default 60 s. */
  deadlineMs?: number;
  /**
   * Returns a manager on the same engine confined to one instance id (`instanceId`). The image
   * housekeeping cases prune only through it, so they never touch another installation's
   * images; without it, pruning is not exercised.
   */
  createScopedManager?: (instanceId: string) => ContainerManager | Promise<ContainerManager>;
  /** Only these groups of cases (e.g. the ones a transport affects). Default: every group. */
  groups?: readonly ConformanceGroup[];
}

/** What every group of cases shares: the manager under test, the run's names and labels, and its helpers. */
export interface ConformanceContext {
  /** The manager under test; set before the first case runs. */
  readonly manager: ContainerManager;
  readonly runId: string;
  readonly host: string;
  readonly deadline: number;
  readonly caseTimeout: number;
  readonly busybox: string;
  readonly runLabels: Record<string, string>;
  /** A container name under the run's prefix that never exists. */
  readonly missing: string;
  /** Containers (names or ids) and images the cleanup removes. */
  readonly containers: Set<string>;
  readonly images: Set<string>;
  /** The options the suite was registered with. */
  readonly options: ContainerManagerConformanceOptions;
  /** A fresh container name under the run's prefix. */
  nameFor(slug: string): string;
  /** Creates a busybox container under the run's label and name prefix, and tracks it. */
  create(slug: string, config?: Partial<ContainerConfig>): Promise<ContainerHandle>;
  /** Runs a short command to completion and returns its exit code. */
  runToEnd(slug: string, config: Partial<ContainerConfig>): Promise<{ details: ContainerDetails; exitCode: number }>;
  /** Connects the manager the suite's `beforeAll` created. */
  attach(manager: ContainerManager): void;
  /** Removes everything the run created; throws when something could not be removed. */
  cleanup(): Promise<void>;
}

export function createConformanceContext(options: ContainerManagerConformanceOptions): ConformanceContext {
  const runId = options.runId ?? randomBytes(4).toString('hex');
  const deadline = options.deadlineMs ?? 60_000;
  const busybox = options.images.busybox;
  const runLabels = { [TEST_RUN_LABEL]: runId };
  const containers = new Set<string>();
  const images = new Set<string>();
  let attached: ContainerManager | undefined;
  let sequence = 0;

  const manager = (): ContainerManager => {
    if (!attached) throw new Error('the conformance suite has no manager yet (createManager failed or has not run)');
    return attached;
  };
  const nameFor = (slug: string) => `mctest-${runId}-${slug}-${++sequence}`;

  async function create(slug: string, config: Partial<ContainerConfig> = {}): Promise<ContainerHandle> {
    const name = config.name ?? nameFor(slug);
    containers.add(name);
    // `command: undefined` asks for the image's own CMD; leaving it out asks for a long sleep.
    const { command: asked, ...rest } = config;
    const command = 'command' in config ? asked : ['sleep', '3600'];
    const details = await manager().create({
      image: busybox,
      ...rest,
      ...(command === undefined ? {} : { command }),
      name,
      labels: { ...config.labels, ...runLabels },
    });
    containers.add(details.id);
    return details;
  }

  async function runToEnd(
    slug: string,
    config: Partial<ContainerConfig>,
  ): Promise<{ details: ContainerDetails; exitCode: number }> {
    const details = await create(slug, config);
    await manager().start(details.id);
    const { exit_code } = await within(`wait(${details.name})`, manager().wait(details.id), deadline);
    return { details, exitCode: exit_code };
  }

  async function cleanup(): Promise<void> {
    if (!attached) return;
    const engine = attached;
    const failures: unknown[] = [];
    const tolerate = (error: unknown) => {
      if ((error as { code?: unknown })?.code !== 'not_found') failures.push(error);
    };
    for (const ref of containers) await engine.remove(ref, { force: true }).catch(tolerate);
    // A safety net for anything created but not tracked (a create that timed out client-side).
    const left = await engine.list({ all: true, labels: runLabels }).catch((e: unknown) => {
      failures.push(e);
      return [];
    });
    for (const c of left) await engine.remove(c.id, { force: true }).catch(tolerate);
    for (const ref of images) await engine.removeImage(ref, { force: true }).catch(tolerate);
    if (failures.length > 0) throw new AggregateError(failures, `cleanup of run ${runId} failed`);
  }

  return {
    get manager() {
      return manager();
    },
    runId,
    host: options.hostAddress ?? '127.0.0.1',
    deadline,
    caseTimeout: deadline * 2 + 30_000,
    busybox,
    runLabels,
    missing: `mctest-${runId}-missing`,
    containers,
    images,
    options,
    nameFor,
    create,
    runToEnd,
    attach(m) {
      attached = m;
    },
    cleanup,
  };
}

/** A rejection as the contract promises it: a mikrocloud error, checked by its stable code. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
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

/** Drains a log stream into an array. */
export async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

/** The lines of one stream. */
export function text(lines: LogLine[], stream: LogLine['stream']): string[] {
  return lines.filter((l) => l.stream === stream).map((l) => l.line);
}
