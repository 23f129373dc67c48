import path from 'node:path';
import { CancelledError, ConflictError, isMikrocloudError, silentLogger, throwIfAborted, TooManyRequestsError, type Logger } from '@mikrocloud/core';
import { planRepository, runBuild, type PlanResult } from '../pipeline/run-build.js';
import type { BuildpackRegistry } from '../plugin/registry.js';
import { FINAL_STATUSES, type BuildRecord, type BuildStatus } from '../records/build-record.js';
import { BuildStore } from '../records/build-store.js';
import { prepareBuildDir, sweepStaleWorkspaces } from '../workspace/workspace.js';
import { pruneOptionsOf, resolveServiceBounds, retryAfterSeconds, type BuildRetention, type ServiceBounds } from './bounds.js';
import type { ValidBuildRequest } from './build-request.js';
import { createBuildSetup, errorMessage, type BuildSetup, type BuildSetupOptions } from './build-setup.js';
import { JobQueue } from './job-queue.js';
import { LogSink } from './log-sink.js';

/**
 * Where the service reports what it does.
 * @deprecated Use `Logger` from `@mikrocloud/core`; this is the same type under its former name.
 */
export type BuildLogger = Logger;

export interface BuildServiceOptions extends BuildSetupOptions {
  /** The record store (see {@link openBuildStore}). */
  store: BuildStore;
  /** Builds and plans running at once; the rest wait in one FIFO queue. Default 2. */
  concurrency?: number;
  /**
   * Builds and plans waiting for a slot; a submission past it is a TooManyRequestsError (429,
   * with `retryAfterSeconds`) and nothing is recorded. Default 64.
   */
  maxQueue?: number;
  /**
   * Finished builds kept (records and logs): the newest `maxCount` (default 1000), none older
   * than `maxAgeDays` (default 30). Applied at start, after each build and hourly.
   */
  retention?: BuildRetention;
  /** Limit of one build (or plan) from start to end; past it the build is stopped and `timed_out`. Default 30 minutes. */
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

/** How often retention runs besides after each build (so age applies on an idle server too). */
const RETENTION_INTERVAL_MS = 60 * 60_000;

/**
 * Accepts build requests, runs them (at most `concurrency` builds and plans at once, FIFO, at
 * most `maxQueue` waiting), and keeps their records and logs in SQLite, each log within
 * `maxLogBytes` and the records within `retention`. Call {@link start} once before use: it
 * removes stale workspaces, marks builds a previous process left unfinished as failed and
 * applies the retention.
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
  private readonly bounds: ServiceBounds;
  private readonly jobs: JobQueue;
  /** Builds waiting in `jobs`, by id. */
  private readonly queued = new Set<string>();
  private readonly running = new Map<string, Running>();
  /** Plans waiting or running: how to stop each one. */
  private readonly plans = new Map<string, (reason: Error) => void>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly logger: Logger;
  private started: Promise<void> | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private planCount = 0;
  private closed = false;

  constructor(private readonly options: BuildServiceOptions) {
    this.bounds = resolveServiceBounds(options);
    this.setup = createBuildSetup(options);
    this.registry = this.setup.registry;
    this.store = options.store;
    this.jobs = new JobQueue(this.bounds.concurrency, this.bounds.maxQueue);
    this.logger = options.logger ?? silentLogger;
  }

  private get timeoutMs(): number {
    return this.bounds.timeoutMs;
  }

  /**
   * Checks `buildDir` (created 0700; refused when a link, foreign-owned or writable by others),
   * removes this instance's stale workspaces, fails builds interrupted by a restart and applies
   * the retention. Idempotent.
   */
  start(): Promise<void> {
    this.started ??= (async () => {
      const interrupted = this.store.failInterrupted('interrupted by a server restart');
      if (interrupted.length > 0) this.logger.warn(`marked ${interrupted.length} interrupted build(s) as failed`, { builds: interrupted.length });
      await prepareBuildDir(this.options.buildDir);
      const removed = await sweepStaleWorkspaces(this.options.buildDir, new Set(), this.options.instanceId);
      if (removed.length > 0) this.logger.info(`removed ${removed.length} stale build workspace(s)`);
      this.applyRetention();
      if (!this.closed) this.retentionTimer ??= setInterval(() => this.applyRetention(), RETENTION_INTERVAL_MS).unref();
    })();
    return this.started;
  }

  /** Deletes the finished builds `retention` no longer keeps; never throws (it runs in the background too). */
  private applyRetention(): void {
    try {
      const deleted = this.store.prune(pruneOptionsOf(this.bounds.retention));
      if (deleted > 0) this.logger.info(`deleted ${deleted} finished build(s) past the retention`, { builds: deleted });
    } catch (error) {
      this.logger.warn(`build retention failed: ${errorMessage(this.setup, error)}`);
    }
  }

  /** Refuses a job that would wait while the queue is at `maxQueue`. */
  private assertRoom(): void {
    if (!this.jobs.full) return;
    const retryAfter = retryAfterSeconds(this.store.averageDurationMs(), this.bounds.concurrency);
    throw new TooManyRequestsError(`the build queue is full (${this.jobs.waitingCount} waiting, at most ${this.bounds.maxQueue}); try again in about ${retryAfter} s`, {
      retryAfterSeconds: retryAfter,
    });
  }

  /** Validates a request (a ValidationError names the field), stores it as `queued` and schedules it. */
  async submit(body: unknown): Promise<BuildRecord> {
    if (this.closed) throw new ConflictError('the build service is shutting down');
    const request = this.validate(body);
    await this.start();
    if (this.closed) throw new ConflictError('the build service is shutting down');
    this.assertRoom();
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
    this.queued.add(id);
    this.jobs.push(id, () => {
      this.queued.delete(id);
      const entry: Running = { controller: new AbortController(), done: Promise.resolve() };
      this.running.set(id, entry);
      entry.done = this.execute({ ...request, id }, entry).finally(() => this.running.delete(id));
      return entry.done;
    });
    return record;
  }

  /**
   * Checks a request exactly as {@link submit} does (a ValidationError lists every field at
   * fault) without storing or scheduling anything: for callers that check a whole operation
   * before its first step.
   */
  validate(body: unknown): ValidBuildRequest {
    return this.setup.validator.parse(body);
  }

  /**
   * What a request would build, without building or storing anything: validates it like
   * {@link submit}, waits for a slot in the same queue as builds (so it counts toward
   * `concurrency` and `maxQueue`), checks the repository out into a throw-away workspace and asks
   * the buildpack for its plan (422 for buildpacks that have none). `timeoutMs` applies from the
   * moment it runs; `signal` stops it waiting or running.
   */
  async plan(body: unknown, signal?: AbortSignal): Promise<PlanResult> {
    if (this.closed) throw new ConflictError('the build service is shutting down');
    const request = this.validate(body);
    await this.start();
    if (this.closed) throw new ConflictError('the build service is shutting down');
    throwIfAborted(signal);
    this.assertRoom();
    const id = request.id ?? this.setup.newId('plan');
    // Its own key in the queue: a plan may carry the id of a build.
    const key = `plan:${++this.planCount}:${id}`;
    return new Promise<PlanResult>((resolve, reject) => {
      const stop = new AbortController();
      const onAbort = () => stop.abort(signal?.reason);
      const settle = () => {
        this.plans.delete(key);
        signal?.removeEventListener('abort', onAbort);
      };
      // Stopping a waiting plan takes it out of line; stopping a running one aborts its clone.
      this.plans.set(key, (reason) => stop.abort(reason));
      stop.signal.addEventListener('abort', () => {
        if (!this.jobs.remove(key)) return;
        settle();
        const reason: unknown = stop.signal.reason;
        reject(isMikrocloudError(reason) ? reason : new CancelledError('the plan was cancelled before it started', { cause: reason }));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.jobs.push(key, async () => {
        try {
          const run = AbortSignal.any([stop.signal, AbortSignal.timeout(this.timeoutMs)]);
          resolve(await planRepository(this.options, { ...request, id }, { signal: run }));
        } catch (error) {
          reject(error);
        } finally {
          settle();
        }
      });
    });
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
    if (this.queued.has(id) && this.jobs.remove(id)) {
      this.queued.delete(id);
      const now = new Date().toISOString();
      this.store.appendLogs(id, ['Build cancelled before it started']);
      const final = this.store.update(id, { status: 'cancelled', error: 'cancelled before it started', finished_at: now });
      this.notify(id);
      this.applyRetention();
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

  /** Stops accepting builds, cancels queued and running ones (and plans), and waits for them to end. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    for (const stop of [...this.plans.values()]) stop(new ConflictError('the build service is shutting down'));
    for (const id of [...this.queued]) await this.cancel(id).catch(() => {});
    await Promise.all([...this.running.keys()].map((id) => this.cancel(id).catch(() => {})));
  }

  private notify(id: string): void {
    for (const wake of this.listeners.get(id) ?? []) wake();
  }

  private async execute(request: ValidBuildRequest & { id: string }, entry: Running): Promise<void> {
    const { id } = request;
    const sink = new LogSink(this.store, id, () => this.notify(id), { maxLogBytes: this.bounds.maxLogBytes });
    const startedAt = new Date();
    const submittedAt = Date.parse(this.store.require(id).created_at);
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
      let printed = false;
      const result = await runBuild(this.options, request, {
        signal: entry.controller.signal,
        onLog: (line) => {
          if (!printed) {
            printed = true;
            this.store.update(id, { first_output_ms: Date.now() - submittedAt });
          }
          sink.write(line);
        },
        onCommit: (commit) => this.store.update(id, { commit }),
        onDetected: (detected) => this.store.update(id, { detected }),
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
    this.applyRetention();
  }
}

