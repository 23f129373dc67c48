import path from 'node:path';
import { ConflictError, silentLogger, type Logger } from '@mikrocloud/core';
import type { BuildEnvironment } from '../pipeline/build-environment.js';
import { planRepository, runBuild, type PlanResult } from '../pipeline/run-build.js';
import type { BuildpackRegistry } from '../plugin/registry.js';
import { FINAL_STATUSES, type BuildRecord, type BuildStatus } from '../records/build-record.js';
import { BuildStore } from '../records/build-store.js';
import { prepareBuildDir, sweepStaleWorkspaces } from '../workspace/workspace.js';
import type { ValidBuildRequest } from './build-request.js';
import { createBuildSetup, errorMessage, type BuildSetup } from './build-setup.js';
import { LogSink } from './log-sink.js';

/**
 * Where the service reports what it does.
 * @deprecated Use `Logger` from `@mikrocloud/core`; this is the same type under its former name.
 */
export type BuildLogger = Logger;

export interface BuildServiceOptions extends BuildEnvironment {
  /** The record store (see {@link openBuildStore}). */
  store: BuildStore;
  /** Default: a registry holding the built-in buildpacks. */
  registry?: BuildpackRegistry;
  /** Builds running at once; the rest wait in a FIFO queue. Default 2. */
  concurrency?: number;
  /** Limit of one build from start to end; past it the build is stopped and `timed_out`. Default 30 minutes. */
  timeoutMs?: number;
  /** Where the service reports what it does (start-up clean-up, each build's end). Default: silence. */
  logger?: Logger;
}

/** Opens the SQLite store at `<dataDir>/mikrocloud.db`, creating it when missing. */
export function openBuildStore(dataDir: string): BuildStore {
  return new BuildStore(path.join(dataDir, 'mikrocloud.db'));
}

interface Running {
  controller: AbortController;
  reason?: 'cancelled' | 'timed_out';
  done: Promise<void>;
}

/**
 * Accepts build requests, runs them (at most `concurrency` at once, FIFO), and keeps their
 * records and logs in SQLite. Call {@link start} once before use: it removes stale workspaces
 * and marks builds a previous process left unfinished as failed.
 *
 * @example
 * const service = new BuildService({ manager, store: openBuildStore('/var/lib/mikrocloud'), buildDir: '/tmp/mikrocloud/builds' });
 * await service.start();
 * const record = await service.submit({ git_repo, buildpack_type: 'dockerfile', image_tag: 'app:1' });
 * const final = await service.waitFor(record.id);
 */
export class BuildService {
  readonly registry: BuildpackRegistry;
  readonly store: BuildStore;
  private readonly setup: BuildSetup;
  private readonly queue: { id: string; request: ValidBuildRequest & { id: string } }[] = [];
  private readonly running = new Map<string, Running>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private started: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: BuildServiceOptions) {
    this.setup = createBuildSetup(options);
    this.registry = this.setup.registry;
    this.store = options.store;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.timeoutMs = options.timeoutMs ?? 30 * 60_000;
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Checks `buildDir` (created 0700; refused when a link, foreign-owned or writable by others),
   * removes this instance's stale workspaces and fails builds interrupted by a restart. Idempotent.
   */
  start(): Promise<void> {
    this.started ??= (async () => {
      const interrupted = this.store.failInterrupted('interrupted by a server restart');
      if (interrupted.length > 0) this.logger.warn(`marked ${interrupted.length} interrupted build(s) as failed`, { builds: interrupted.length });
      await prepareBuildDir(this.options.buildDir);
      const removed = await sweepStaleWorkspaces(this.options.buildDir, new Set(), this.options.instanceId);
      if (removed.length > 0) this.logger.info(`removed ${removed.length} stale build workspace(s)`);
    })();
    return this.started;
  }

  /** Validates a request (a ValidationError names the field), stores it as `queued` and schedules it. */
  async submit(body: unknown): Promise<BuildRecord> {
    if (this.closed) throw new ConflictError('the build service is shutting down');
    const request = this.setup.validator.parse(body);
    await this.start();
    const id = request.id ?? this.setup.newId('build');
    const record = this.store.create({
      id,
      status: 'queued',
      buildpack_type: request.buildpack.name,
      git_repo: this.setup.redact(request.gitRepo),
      git_branch: request.gitBranch ?? null,
      image_tag: request.imageTag,
      created_at: new Date().toISOString(),
    });
    this.queue.push({ id, request: { ...request, id } });
    this.pump();
    return record;
  }

  /**
   * What a request would build, without building or storing anything: validates it like
   * {@link submit}, checks the repository out into a throw-away workspace and asks the buildpack
   * for its plan (422 for buildpacks that have none).
   */
  async plan(body: unknown, signal?: AbortSignal): Promise<PlanResult> {
    if (this.closed) throw new ConflictError('the build service is shutting down');
    const request = this.setup.validator.parse(body);
    await this.start();
    const id = request.id ?? this.setup.newId('plan');
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return planRepository(this.options, { ...request, id }, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  }

  /** A build's record; NotFoundError when unknown. */
  get(id: string): BuildRecord {
    return this.store.require(id);
  }

  /** Records, newest first. */
  list(options: { status?: BuildStatus; limit?: number } = {}): BuildRecord[] {
    return this.store.list(options);
  }

  /** A build's stored log as one string. Use {@link readLogs} for logs too large to hold. */
  logs(id: string): string {
    return [...this.readLogs(id)].join('\n');
  }

  /** A build's stored log, line by line, read from storage page by page. */
  readLogs(id: string): Iterable<string> {
    this.store.require(id);
    return this.store.iterateLog(id);
  }

  /** The stored lines, then live lines as they arrive; ends when the build has ended (or `signal` aborts). */
  async *followLogs(id: string, signal?: AbortSignal): AsyncIterable<string> {
    this.store.require(id);
    let after = 0;
    while (!signal?.aborted) {
      // Listen before reading, so a flush between the read and the wait is not missed.
      const changed = this.nextChange(id, signal);
      try {
        const finished = FINAL_STATUSES.has(this.store.require(id).status);
        let page = this.store.readLogPage(id, after, 500);
        while (page.length > 0) {
          for (const row of page) yield row.line;
          after = page[page.length - 1]!.seq;
          if (signal?.aborted) return;
          page = this.store.readLogPage(id, after, 500);
        }
        if (finished) return;
        await changed.promise;
      } finally {
        changed.dispose();
      }
    }
  }

  /** Stops a queued or running build for real; ConflictError when it has already ended. */
  async cancel(id: string): Promise<BuildRecord> {
    const record = this.store.require(id);
    if (FINAL_STATUSES.has(record.status)) throw new ConflictError(`build "${id}" has already ended (${record.status})`);
    const queued = this.queue.findIndex((q) => q.id === id);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      const now = new Date().toISOString();
      this.store.appendLogs(id, ['Build cancelled before it started']);
      const final = this.store.update(id, { status: 'cancelled', error: 'cancelled before it started', finished_at: now });
      this.notify(id);
      return final;
    }
    const running = this.running.get(id);
    if (!running) throw new ConflictError(`build "${id}" is not running in this process`);
    running.reason ??= 'cancelled';
    running.controller.abort(new Error('the build was cancelled'));
    await running.done;
    return this.store.require(id);
  }

  /** Resolves with the final record once the build has ended (or the current one when `signal` aborts). */
  async waitFor(id: string, signal?: AbortSignal): Promise<BuildRecord> {
    for (;;) {
      const changed = this.nextChange(id, signal);
      const record = this.store.require(id);
      if (FINAL_STATUSES.has(record.status) || signal?.aborted) {
        changed.dispose();
        return record;
      }
      await changed.promise;
    }
  }

  /** A promise settled by the next flush or status change of a build (or by `signal`). */
  private nextChange(id: string, signal?: AbortSignal): { promise: Promise<void>; dispose(): void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => (wake = resolve));
    const listeners = this.listeners.get(id) ?? new Set();
    this.listeners.set(id, listeners);
    const dispose = () => {
      listeners.delete(wake);
      if (listeners.size === 0 && this.listeners.get(id) === listeners) this.listeners.delete(id);
      signal?.removeEventListener('abort', wake);
    };
    listeners.add(wake);
    signal?.addEventListener('abort', wake, { once: true });
    return { promise: promise.finally(dispose), dispose };
  }

  /** Stops accepting builds, cancels queued and running ones, and waits for them to end. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { id } of [...this.queue]) await this.cancel(id).catch(() => {});
    await Promise.all([...this.running.keys()].map((id) => this.cancel(id).catch(() => {})));
  }

  private notify(id: string): void {
    for (const wake of this.listeners.get(id) ?? []) wake();
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.queue.length > 0) {
      const next = this.queue.shift()!;
      const controller = new AbortController();
      const entry: Running = { controller, done: Promise.resolve() };
      this.running.set(next.id, entry);
      entry.done = this.execute(next.request, entry).finally(() => {
        this.running.delete(next.id);
        this.pump();
      });
    }
  }

  private async execute(request: ValidBuildRequest & { id: string }, entry: Running): Promise<void> {
    const { id } = request;
    const sink = new LogSink(this.store, id, () => this.notify(id));
    const startedAt = new Date();
    const timer = setTimeout(() => {
      entry.reason ??= 'timed_out';
      entry.controller.abort(new Error('the build timed out'));
    }, this.timeoutMs);
    timer.unref();
    let status: BuildStatus = 'failed';
    let error: string | null = null;
    let images: { tag: string; image_id: string }[] = [];
    try {
      this.store.update(id, { status: 'running', started_at: startedAt.toISOString() });
      sink.write(`Build ${id}: ${request.buildpack.name} buildpack, image ${request.imageTag}`);
      const result = await runBuild(this.options, request, {
        signal: entry.controller.signal,
        onLog: (line) => sink.write(line),
        onCommit: (commit) => this.store.update(id, { commit }),
      });
      images = result.images;
      status = 'succeeded';
    } catch (caught) {
      if (entry.reason === 'timed_out') {
        status = 'timed_out';
        error = `the build exceeded its time limit of ${Math.round(this.timeoutMs / 1000)} s`;
      } else if (entry.reason === 'cancelled') {
        status = 'cancelled';
        error = 'cancelled';
      } else {
        status = 'failed';
        error = errorMessage(this.setup, caught);
      }
    } finally {
      clearTimeout(timer);
    }
    const finishedAt = new Date();
    sink.write(status === 'succeeded' ? `Build succeeded: ${images.map((i) => i.tag).join(', ')}` : `Build ${status}: ${error}`);
    sink.flush();
    this.store.update(id, {
      status,
      error,
      images,
      ...(images[0] ? { image_id: images[0].image_id } : {}),
      finished_at: finishedAt.toISOString(),
      duration_ms: finishedAt.getTime() - startedAt.getTime(),
    });
    this.logger.info(`build ${id} ${status}`, { build_id: id, status });
    this.notify(id);
  }
}

