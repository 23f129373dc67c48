import { isMikrocloudError, type ContainerManager } from '@mikrocloud/core';
import { dashboardAssetsDir } from '@mikrocloud/dashboard';
import { createEngineRegistry, DEFAULT_ENGINE, type EngineRegistry } from '@mikrocloud/runtime';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { PatternRouter } from 'hono/router/pattern-router';
import { auditTrail } from './audit/middleware.js';
import { auditOpenApi, auditRoutes } from './audit/routes.js';
import type { AuditStore } from './audit/store.js';
import { authorize, tokenNameOf } from './auth/authorize.js';
import { loadTokens, type ApiToken } from './auth/tokens.js';
import { jsonBodies } from './body.js';
import { defaultConfig, type MikrocloudConfig } from './config.js';
import { dashboardAssets } from './dashboard.js';
import { createEngineProbe } from './engine-probe.js';
import { ENGINE_ROUTES_PREFIX, selectEngine } from './engine-selection.js';
import { errorPayload, errorResponse } from './http-errors.js';
import { createLiveStreams, limitLiveStreams } from './live-streams.js';
import { originGuard } from './origin-guard.js';
import { silentLogger, type Logger } from './logger.js';
import { createOpenApiDocument, type OpenApiPaths } from './openapi.js';
import { requestIdOf, requestIds } from './request-id.js';
import { securityHeaders } from './security-headers.js';
import { addRoute } from './route-registry.js';
import { containerRoutes } from './routes/containers.js';
import { networkRoutes } from './routes/networks.js';
import { volumeRoutes } from './routes/volumes.js';
import { execRoutes } from './routes/exec.js';
import { registryRoutes } from './routes/registry.js';
import { eventRoutes } from './routes/events.js';
import { imageHousekeepingRoutes } from './routes/image-housekeeping.js';
import { systemOperations } from './routes/system-operations.js';
import { healthRoutes, runtimeRoutes } from './routes/system.js';
import { engineRoutes } from './routes/engines.js';
import { VERSION } from './version.js';

export interface CreateAppOptions {
  /** The default engine: the one the unprefixed routes act on, and `/health` pings. */
  manager: ContainerManager;
  /**
   * Every engine by name (`createEngines`), served under `/api/v1/engines/{engine}/...`; its
   * `default` must be `manager`. Default: a registry of `manager` alone, as `default`.
   */
  engines?: EngineRegistry;
  /**
   * The configuration; `server.token`, `server.body_limit_bytes`, `server.allowed_hosts`,
   * `server.allowed_origins`, `server.max_streams` and `docker.*` are used here. Default: {@link defaultConfig}.
   */
  config?: MikrocloudConfig;
  /**
   * Host header values the server answers to besides loopback names, `server.host` and
   * `server.allowed_hosts`: the addresses it is reached at when bound to a wildcard, say.
   * Any other Host gets 421.
   */
  allowedHosts?: readonly string[];
  /**
   * The tokens accepted and their scopes. Default: {@link loadTokens} of `config` (reading token
   * files and `process.env`). Empty (no `server.token`, no `server.tokens`): no authentication.
   */
  tokens?: readonly ApiToken[];
  /**
   * Where the audit trail is recorded (`openAuditStore`); with it `GET /api/v1/audit` (admin)
   * exists. Absent: nothing is recorded and that route is not served.
   */
  audit?: AuditStore;
  /** Where request lines and unexpected errors go. Default: silent. */
  logger?: Logger;
  /** Aborted when the server shuts down; open log streams then end with `event: end`. */
  shutdownSignal?: AbortSignal;
  /**
   * Sub-apps mounted under a path, behind the same authentication, body rules and error
   * format (for example `{ '/api/v1/images': imagesApp }`).
   */
  // Sub-apps may declare their own Env and schema types; mounting does not depend on them.
  mounts?: Record<string, Hono<any, any, any>>;
  /** OpenAPI paths (and schemas) the mounted sub-apps add to `/api/v1/openapi.json`. */
  openapi?: { paths?: OpenApiPaths; schemas?: Record<string, unknown> };
  /**
   * Where the built web dashboard is, served at `/` unless `server.dashboard` is false.
   * Default: `dashboardAssetsDir()` of `@mikrocloud/dashboard`.
   */
  dashboardAssetsDir?: string;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Creates the REST API as a Hono app: routes validate their input, call the manager and map
 * its errors to JSON answers. It holds no engine logic and no state beyond its options.
 *
 * @example
 * const app = createApp({ manager: new DockerContainerManager(), config: loadConfig() });
 * await startServer({ app, host: '127.0.0.1', port: 3000 });
 */
export function createApp(options: CreateAppOptions): Hono {
  const { manager } = options;
  const engines = options.engines ?? createEngineRegistry({ engines: [{ name: DEFAULT_ENGINE, manager }] });
  if (engines.get(DEFAULT_ENGINE) !== manager) throw new Error('createApp: engines.get("default") must be options.manager');
  const config = options.config ?? defaultConfig();
  const logger = options.logger ?? silentLogger;
  const app = new Hono();
  const probe = createEngineProbe(manager);

  const tokens = options.tokens ?? loadTokens(config);
  app.use('*', requestIds());
  app.use('*', securityHeaders());
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // Probes call /health many times a second; only a failing one is worth a log line.
    if (c.res.status === 200 && c.req.path === '/health') return;
    logger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      request_id: requestIdOf(c),
      token: tokenNameOf(c),
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });

  // First of the checks, so the refusals of each one are recorded too.
  if (options.audit) app.use('*', auditTrail({ store: options.audit, logger }));

  // Before authentication and on every route, /health included: a page reached through DNS
  // rebinding must not read anything, and a browser on another site must not act with the
  // operator's reach (loopback, or a token it does not need to know for a simple POST).
  const allowedOrigins = config.server.allowed_origins;
  app.use('*', originGuard({ allowedHosts: [config.server.host, ...config.server.allowed_hosts, ...(options.allowedHosts ?? [])], allowedOrigins }));
  if (allowedOrigins.length > 0) {
    app.use('*', cors({ origin: [...allowedOrigins], allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'], exposeHeaders: ['Location', 'Retry-After', 'X-Request-Id'], maxAge: 600 }));
  }
  app.use('*', limitLiveStreams(createLiveStreams(config.server.max_streams)));

  // Behind the origin guard like everything else; the page needs no token, its API calls do.
  if (config.server.dashboard) app.use('*', dashboardAssets({ assetsDir: options.dashboardAssetsDir ?? dashboardAssetsDir(), logger }));

  app.use('/api/*', authorize({ tokens }));
  app.use('/api/*', jsonBodies({ limit: config.server.body_limit_bytes }));

  app.use('/api/*', selectEngine(engines));

  app.route('/health', healthRoutes({ manager, probe }));
  app.route('/api/v1/engines', engineRoutes({ engines }));
  const shutdown = options.shutdownSignal ? { shutdownSignal: options.shutdownSignal } : {};
  // The routes that act on one engine, each built once and served twice: unprefixed (the default
  // engine) and under /api/v1/engines/{engine}; selectEngine hands their handlers the manager.
  const engineScoped: [string, Hono][] = [
    ['/runtime', runtimeRoutes({ config })],
    ['/containers', containerRoutes({ logger, exposeUnmanaged: config.server.expose_unmanaged, ...shutdown })],
    ['/volumes', volumeRoutes()],
    ['/networks', networkRoutes()],
    ['/containers', execRoutes({ logger, ...shutdown })],
    ['/images', registryRoutes(shutdown)],
    ['/events', eventRoutes({ logger, ...shutdown })],
    ['/images', imageHousekeepingRoutes()],
  ];
  for (const prefix of ['/api/v1', `${ENGINE_ROUTES_PREFIX}/:engine`]) {
    for (const [path, sub] of engineScoped) app.route(`${prefix}${path}`, sub);
  }
  for (const [path, sub] of Object.entries(options.mounts ?? {})) app.route(path, sub);
  if (options.audit) app.route('/api/v1/audit', auditRoutes(options.audit));

  let document: Record<string, unknown> | undefined;
  addRoute(app, '', systemOperations.openapi, (c) => {
    const audit = options.audit ? auditOpenApi() : { paths: {}, schemas: {} };
    document ??= createOpenApiDocument({
      version: VERSION,
      paths: { ...options.openapi?.paths, ...audit.paths },
      schemas: { ...options.openapi?.schemas, ...audit.schemas },
    });
    return c.json(document);
  });

  // Built on first use, after every route (mounted ones included) is registered.
  let methodsByPath: PatternRouter<string> | undefined;
  const allowedMethods = (path: string): string[] => {
    if (!methodsByPath) {
      methodsByPath = new PatternRouter<string>();
      // Middleware is registered for ALL methods; only concrete handlers say which methods a path takes.
      for (const route of app.routes) if (route.method !== 'ALL') methodsByPath.add(route.method, route.path, route.method);
    }
    const router = methodsByPath;
    const allowed = METHODS.filter((m) => router.match(m, path)[0].length > 0);
    if (allowed.includes('GET') && !allowed.includes('HEAD')) allowed.push('HEAD');
    return allowed;
  };

  app.notFound((c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      return c.json(errorPayload('method_not_allowed', `${c.req.method} is not allowed here; use ${allowed.join(', ')}`, { allowed }), 405);
    }
    return c.json(errorPayload('not_found', `no route for ${c.req.method} ${c.req.path}`), 404);
  });

  app.onError((err, c) => {
    if (isMikrocloudError(err) && err.code === 'runtime_unavailable') probe.forget();
    return errorResponse(c, err, logger);
  });

  return app;
}
