import { ValidationError, type CallOptions, type ContainerInfo, type HealthCheck, type HealthStatus } from '@mikrocloud/core';
import type { EngineCalls, EngineContainerInspect, EngineHealthConfig } from '@mikrocloud/runtime-docker/internal';

/** Docker's default interval between checks, which Podman shares. */
const DEFAULT_INTERVAL_NS = 30e9;

/**
 * The `Healthcheck.Test` Podman 4's compat API keeps as given. It joins `Test` with spaces and,
 * for a `CMD` test, splits it again on whitespace, so `["CMD", "sh", "-c", "a b"]` would run
 * `sh -c a b`. A test whose first element is a JSON array is parsed as that array instead; a
 * one-element argv holding whitespace has no spelling that survives (Podman makes it CMD-SHELL),
 * and is a ValidationError naming `healthcheck.test.0`.
 */
export function podmanHealthTest(check: HealthCheck): string[] {
  if (!check.test.some((arg) => /\s/.test(arg))) return ['CMD', ...check.test];
  if (check.test.length === 1) {
    throw ValidationError.field('healthcheck.test.0', 'Podman cannot run a one-word health check command that contains whitespace; split it into argv');
  }
  return [JSON.stringify(check.test)];
}

/** The interval of a health check, in milliseconds. */
function intervalMs(config: EngineHealthConfig | null | undefined): number {
  const ns = config?.Interval && config.Interval > 0 ? config.Interval : DEFAULT_INTERVAL_NS;
  return ns / 1e6;
}

/**
 * Whether a check of a running container is due: its interval has passed since the last check
 * ended, or since the container started when none has run yet.
 */
export function healthCheckDue(c: EngineContainerInspect, now = Date.now()): boolean {
  const test = c.Config?.Healthcheck?.Test;
  if (!test?.length || test[0] === 'NONE' || c.State?.Status !== 'running') return false;
  const lastEnd = c.State?.Health?.Log?.at(-1)?.End;
  const since = Date.parse(lastEnd ?? c.State?.StartedAt ?? '');
  if (Number.isNaN(since)) return true;
  return now - since >= intervalMs(c.Config?.Healthcheck);
}

/**
 * Runs Podman's health checks where nothing else does. Podman schedules them with systemd
 * timers; on a host without systemd they never run by themselves, so the manager runs one
 * (`GET /libpod/containers/<id>/healthcheck`) whenever a check is due while it inspects a
 * container (inspect and `wait({ condition: 'healthy' })`). One check per container at a time.
 */
export class HealthCheckDriver {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly calls: EngineCalls,
    private readonly libpodPrefix: string,
  ) {}

  /** `raw` again, after running a check that was due. */
  async refresh(
    raw: EngineContainerInspect,
    inspect: (id: string, options: CallOptions) => Promise<EngineContainerInspect>,
    options: CallOptions,
  ): Promise<EngineContainerInspect> {
    if (!healthCheckDue(raw)) return raw;
    let run = this.running.get(raw.Id);
    if (!run) {
      run = this.runCheck(raw.Id, options).finally(() => this.running.delete(raw.Id));
      this.running.set(raw.Id, run);
    }
    await run;
    return inspect(raw.Id, options);
  }

  private async runCheck(id: string, options: CallOptions): Promise<void> {
    try {
      await this.calls.call(
        { method: 'GET', path: `${this.libpodPrefix}/libpod/containers/${encodeURIComponent(id)}/healthcheck`, unversioned: true, ...(options.signal ? { signal: options.signal } : {}) },
        { subject: `container "${id}"`, action: 'run the health check of' },
      );
    } catch (err) {
      // A container that stopped meanwhile answers 409; the inspect that follows tells its state.
      if ((err as { code?: unknown }).code !== 'conflict') throw err;
    }
  }
}

/** A libpod list entry: `Status` holds the health status (empty without a health check). */
interface LibpodListEntry {
  Id: string;
  Status?: string;
}

const HEALTH = new Set<HealthStatus>(['starting', 'healthy', 'unhealthy']);

/**
 * The health of listed containers from libpod's list (the compat list has none in `Status`).
 * Only the status: libpod lists neither streak nor output.
 */
export async function withListHealth(
  calls: EngineCalls,
  libpodPrefix: string,
  listing: Promise<ContainerInfo[]>,
  labelFilter: string[],
  options: CallOptions,
): Promise<ContainerInfo[]> {
  // Asked at the same time as the compat list (same label filter), so the health costs one
  // concurrent request, not a second round trip after the list.
  const health = calls
    .call<LibpodListEntry[]>({
      method: 'GET',
      path: `${libpodPrefix}/libpod/containers/json`,
      query: { all: true, ...(labelFilter.length > 0 ? { filters: JSON.stringify({ label: labelFilter }) } : {}) },
      unversioned: true,
      ...(options.signal ? { signal: options.signal } : {}),
    })
    .then(
      (entries) => ({ entries }),
      (error: unknown) => ({ error }),
    );
  const list = await listing;
  const answer = await health;
  if ('error' in answer) throw answer.error;
  const byId = new Map((answer.entries ?? []).map((e) => [e.Id, e.Status ?? '']));
  return list.map((c) => {
    const status = byId.get(c.id) as HealthStatus | undefined;
    return { ...c, health: { status: status !== undefined && HEALTH.has(status) ? status : 'none' } };
  });
}
