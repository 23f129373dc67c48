import { ValidationError } from '@mikrocloud/core';
import { createContainerManager, createEngineRegistry, DEFAULT_ENGINE, type EngineEntry, type EngineRegistry } from '@mikrocloud/runtime';
import { parseEngineHost } from '@mikrocloud/runtime-docker';
import type { MikrocloudConfig } from './config.js';
import { createManager, hostConnection, sharedManagerOptions, type CreateManagerOptions } from './manager.js';
import { loadRegistryCredentials } from './registry-credentials.js';

type NamedEngine = MikrocloudConfig['engines'][number];

/** How long `GET /api/v1/engines` waits for one engine before it reports it unreachable. */
export const ENGINE_PROBE_TIMEOUT_MS = 2000;

/** The manager options of one `[[engines]]` table: where the engine is and how it is reached. */
function connectionOf(engine: NamedEngine, index: number) {
  const source = `engines.${index}.host`;
  // Podman is reached through its socket (the configuration allows only unix:// for it).
  if (engine.runtime === 'podman') {
    const parsed = parseEngineHost(engine.host);
    if ('unusable' in parsed || parsed.endpoint.kind !== 'unix') throw ValidationError.field(source, 'a Podman engine is reached through unix:///path/to/podman.sock');
    return { socketPath: parsed.endpoint.socketPath, socketPathSource: source };
  }
  return hostConnection(engine, source);
}

/**
 * Every engine the configuration names: `default` (the `[docker]` section, as {@link createManager}
 * makes it) and one manager per `[[engines]]` table. They share the server's policy (limits, pull
 * policy, registries, bind roots), scope, labels and registry credentials. No engine is contacted
 * except by `auto` discovery of the default one, so the server starts while an engine is down.
 *
 * @example
 * await using engines = await createEngines(loadConfig());
 * const containers = await engines.get('edge').list();
 */
export async function createEngines(config: MikrocloudConfig, options: CreateManagerOptions = {}): Promise<EngineRegistry> {
  const credentials = await loadRegistryCredentials(config);
  const shared = sharedManagerOptions(config, options, credentials);
  const entries: EngineEntry[] = [{ name: DEFAULT_ENGINE, manager: await createManager(config, options) }];
  try {
    for (const [index, engine] of config.engines.entries()) {
      if (engine.name === DEFAULT_ENGINE) throw ValidationError.field(`engines.${index}.name`, `"${DEFAULT_ENGINE}" is the engine of [docker]`);
      const manager = await createContainerManager({ ...shared, runtime: engine.runtime, ...connectionOf(engine, index) });
      entries.push({ name: engine.name, manager, ...(engine.labels ? { labels: engine.labels } : {}) });
    }
    return createEngineRegistry({ engines: entries, probeTimeoutMs: ENGINE_PROBE_TIMEOUT_MS });
  } catch (err) {
    await Promise.allSettled(entries.map(({ manager }) => (manager as { close?: () => Promise<void> }).close?.()));
    throw err;
  }
}
