import { NotFoundError, ValidationError, type ContainerManager } from '@mikrocloud/core';

/** What an engine name may be: a DNS label (lower-case letters, digits and `-`, at most 63 characters). */
export const ENGINE_NAME_PATTERN = '^[a-z0-9][a-z0-9-]{0,62}$';
const ENGINE_NAME = new RegExp(ENGINE_NAME_PATTERN);

// How long a version asked for after a successful ping may take to fill the cache.
const VERSION_TIMEOUT_MS = 30_000;

/** The name of the engine unprefixed routes and `createManager` mean. */
export const DEFAULT_ENGINE = 'default';

/** One engine of a registry: its name, the manager that drives it, and labels describing it. */
export interface EngineEntry {
  name: string;
  manager: ContainerManager;
  /** Free-form labels describing the engine or its node (`region=eu`, `role=build`). Default: none. */
  labels?: Record<string, string>;
}

/** What {@link EngineRegistry.list} reports about one engine. */
export interface EngineStatus {
  name: string;
  /** The manager's runtime (`docker`, `podman`). */
  runtime: string;
  /** Whether the engine answered a ping within the probe timeout. */
  reachable: boolean;
  /** The engine's version, when it is reachable and has reported it (within the probe timeout, or at an earlier listing). */
  version?: string;
  /** Why the engine counts as unreachable, when it does. */
  reason?: string;
  labels: Record<string, string>;
}

/** Options of {@link createEngineRegistry}. */
export interface EngineRegistryOptions {
  /** The engines; their names must be unique and match {@link ENGINE_NAME_PATTERN}. */
  engines: readonly EngineEntry[];
  /** How long {@link EngineRegistry.status} waits for one engine before reporting it unreachable. Default 3 s. */
  probeTimeoutMs?: number;
}

/** Container managers by engine name. */
export interface EngineRegistry extends AsyncDisposable {
  /** The manager of the engine called `name`; a NotFoundError (404) naming it when there is none. */
  get(name: string): ContainerManager;
  /** Whether an engine is called `name`. */
  has(name: string): boolean;
  /** The engine names, in registration order. */
  names(): string[];
  /** One engine's status: pings it and asks for its version, waiting at most the probe timeout. */
  status(name: string, options?: { signal?: AbortSignal }): Promise<EngineStatus>;
  /** Every engine's status, asked at the same time, so an engine that does not answer delays the list by the probe timeout at most. */
  list(options?: { signal?: AbortSignal }): Promise<EngineStatus[]>;
  /** Closes every manager that can be closed (their ssh connections, once running streams end). */
  close(): Promise<void>;
}

/** Resolves (with nothing) when the signal aborts. */
function aborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}

type Closable = ContainerManager & { close?: () => Promise<void> | void };

/**
 * A registry of named engines: one manager per name, handed out by `get`. The registry owns the
 * managers: `close()` closes each of them.
 *
 * @example
 * await using engines = createEngineRegistry({ engines: [{ name: 'default', manager }, { name: 'edge', manager: edge, labels: { region: 'eu' } }] });
 * await engines.get('edge').list();
 */
export function createEngineRegistry(options: EngineRegistryOptions): EngineRegistry {
  const probeTimeoutMs = options.probeTimeoutMs ?? 3000;
  const entries = new Map<string, EngineEntry>();
  options.engines.forEach((entry, index) => {
    if (!ENGINE_NAME.test(entry.name)) {
      throw ValidationError.field(`engines.${index}.name`, `"${entry.name}" is not an engine name (lower-case letters, digits and -, at most 63 characters)`);
    }
    if (entries.has(entry.name)) throw ValidationError.field(`engines.${index}.name`, `engine "${entry.name}" is named twice`);
    entries.set(entry.name, entry);
  });

  const entryOf = (name: string): EngineEntry => {
    const entry = entries.get(name);
    if (!entry) {
      const shown = name.length > 63 ? `${name.slice(0, 63)}…` : name;
      throw new NotFoundError(`engine "${shown}" is not configured (engines: ${[...entries.keys()].join(', ') || 'none'})`, { details: { engine: shown } });
    }
    return entry;
  };

  // Versions rarely change and some engines take seconds to report theirs (Podman's /info and
  // /version): a version that comes after the probe timeout still fills this for the next listing.
  const versions = new Map<string, string>();
  const askVersion = (name: string, manager: ContainerManager): Promise<string | undefined> =>
    manager.info({ signal: AbortSignal.timeout(VERSION_TIMEOUT_MS) }).then(
      (info) => {
        versions.set(name, info.version);
        return info.version;
      },
      () => undefined,
    );

  const status = async (name: string, signal?: AbortSignal): Promise<EngineStatus> => {
    const { manager, labels = {} } = entryOf(name);
    const timeout = AbortSignal.timeout(probeTimeoutMs);
    const probe = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const base = { name, runtime: manager.runtime, labels: { ...labels } };
    try {
      await manager.ping({ signal: probe });
    } catch (err) {
      const reason = timeout.aborted ? `no answer within ${probeTimeoutMs} ms` : err instanceof Error ? err.message : String(err);
      return { ...base, reachable: false, reason };
    }
    const version = (await Promise.race([askVersion(name, manager), aborted(probe)])) ?? versions.get(name);
    return { name, runtime: manager.runtime, reachable: true, ...(version === undefined ? {} : { version }), labels: base.labels };
  };

  const close = async (): Promise<void> => {
    const results = await Promise.allSettled([...entries.values()].map(({ manager }) => (manager as Closable).close?.()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };

  return {
    get: (name) => entryOf(name).manager,
    has: (name) => entries.has(name),
    names: () => [...entries.keys()],
    status: (name, callOptions = {}) => status(name, callOptions.signal),
    list: (callOptions = {}) => Promise.all([...entries.keys()].map((name) => status(name, callOptions.signal))),
    close,
    [Symbol.asyncDispose]: close,
  };
}
