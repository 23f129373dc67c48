import type { ContainerManager, RuntimeInfo } from '@mikrocloud/core';
import { DEFAULT_ENGINE } from '@mikrocloud/runtime';
import { Hono } from 'hono';
import { resolveBuildDir, type MikrocloudConfig } from '../config.js';
import type { EngineProbe } from '../engine-probe.js';
import { selectedEngineOf } from '../engine-selection.js';
import type { HealthResponse, RuntimeInfoResponse } from '../openapi.js';
import { addRoute } from '../route-registry.js';
import { systemOperations } from './system-operations.js';

/** Compares what the configuration says with what the engine reports. */
export function configurationWarnings(config: MikrocloudConfig, info: RuntimeInfo): string[] {
  const warnings: string[] = [];
  if (config.docker.runtime !== 'auto' && config.docker.runtime !== info.runtime) {
    warnings.push(`docker.runtime is "${config.docker.runtime}" but the engine answering is ${info.runtime}`);
  }
  // Some managers already compare rootless themselves (they are told the configured value).
  if (config.docker.rootless !== info.rootless && !info.warnings.some((w) => /rootless/i.test(w))) {
    warnings.push(
      `docker.rootless is ${config.docker.rootless} but the engine reports it runs ${info.rootless ? 'rootless' : 'rootful'}`,
    );
  }
  return warnings;
}

/** `GET /api/v1/runtime/info`. */
export function runtimeRoutes({ config }: { config: MikrocloudConfig }): Hono {
  const app = new Hono();
  addRoute(app, '/api/v1/runtime', systemOperations.runtimeInfo, async (c, { manager }) => {
    const info = await manager.info({ signal: c.req.raw.signal });
    // The configuration's expectations ([docker] runtime and rootless) are about the default engine only.
    const expected = selectedEngineOf(c).name === DEFAULT_ENGINE ? configurationWarnings(config, info) : [];
    const { runtime, socket_path, rootless, warnings, ...rest } = info;
    const body: RuntimeInfoResponse = {
      runtime,
      socket_path,
      rootless,
      build_dir: resolveBuildDir(config),
      ...rest,
      warnings: [...new Set([...warnings, ...expected])],
    };
    return c.json(body);
  });
  return app;
}

/**
 * `GET /health`. It answers 503 while the engine is unreachable: every container route would
 * fail then, so a load balancer or readiness probe should route elsewhere. Any answer at all,
 * 200 or 503, shows the process itself is alive; use that for liveness. It needs no token and
 * says nothing beyond reachability. A 200 rests on a ping at most a second old (see
 * {@link createEngineProbe}); a 503 is always fresh.
 */
export function healthRoutes({ manager, probe }: { manager: ContainerManager; probe: EngineProbe }): Hono {
  const app = new Hono();
  addRoute(app, '/health', systemOperations.health, async (c) => {
    const reachable = await probe.reachable();
    const body: HealthResponse = { status: reachable ? 'ok' : 'unavailable', engine: { reachable, runtime: manager.runtime } };
    return c.json(body, reachable ? 200 : 503);
  });
  return app;
}
