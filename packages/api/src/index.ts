export { createApp } from './app.js';
export type { CreateAppOptions } from './app.js';
export {
  loadConfig,
  defaultConfig,
  defaultDataDir,
  resolveBuildDir,
  assertPrivateFile,
  configFromEnv,
  readConfigFile,
  resolveConfigFile,
  redactedConfig,
  assertSafeBind,
  isLoopbackHost,
  envVarName,
  parseBooleanWord,
  ConfigError,
  ConfigInput,
  RUNTIME_NAMES,
  GIT_PROTOCOLS,
  SECRET_KEYS,
  SERVER_SCOPES,
  PULL_POLICIES,
  BUILD_NETWORKS,
  BUILDERS,
  ENGINE_RUNTIMES,
} from './config.js';
export type { MikrocloudConfig, LoadConfigOptions, RuntimeName, GitProtocol } from './config.js';
export { createManager } from './manager.js';
export type { CreateManagerOptions } from './manager.js';
export { createEngines, ENGINE_PROBE_TIMEOUT_MS } from './engines.js';
export { selectEngine, selectedEngineOf, ENGINE_ROUTES_PREFIX } from './engine-selection.js';
export type { SelectedEngine } from './engine-selection.js';
export { startServer } from './server.js';
export type { StartServerOptions, RunningServer } from './server.js';
export { runCli, ExitCode, USAGE } from './cli.js';
export type { CliIo } from './cli.js';
export { parseCommandLine, UsageError, COMMANDS } from './cli-args.js';
export type { ParsedCommandLine, Command } from './cli-args.js';
export { createLogger, silentLogger } from './logger.js';
export type { Logger, LoggerOptions, LogFields } from './logger.js';
export { bearerAuth, tokensMatch } from './auth.js';
export { authorize, tokenNameOf, ANONYMOUS } from './auth/authorize.js';
export type { AuthorizeOptions } from './auth/authorize.js';
export { SCOPES, scopeGrants, impliedScopes } from './auth/scopes.js';
export type { Scope } from './auth/scopes.js';
export { loadTokens, tokenDigest, DEFAULT_TOKEN_NAME } from './auth/tokens.js';
export type { ApiToken, LoadTokensOptions } from './auth/tokens.js';
export { openAuditStore, auditFileIn, AuditEntry, AuditPage, REFUSED_STATUSES } from './audit/store.js';
export type { AuditStore, AuditStoreOptions, AuditQuery, AuditRecord } from './audit/store.js';
export { auditTrail, STATE_CHANGING_METHODS } from './audit/middleware.js';
export type { AuditTrailOptions } from './audit/middleware.js';
export { requestIds, requestIdOf, REQUEST_ID_HEADER } from './request-id.js';
export { originGuard, LOOPBACK_HOST_NAMES } from './origin-guard.js';
export type { OriginGuardOptions } from './origin-guard.js';
export { createLiveStreams, limitLiveStreams } from './live-streams.js';
export type { LiveStreams } from './live-streams.js';
export { jsonBodies, readJson, isJsonMediaType } from './body.js';
export { errorResponse, errorPayload } from './http-errors.js';
export type { ErrorPayload } from './http-errors.js';
export { parseQuery, described, containerRefParam, booleanParam, integerParam, timeParam, labelParam, CONTAINER_REF_PATTERN } from './query.js';
export type { QueryParam, QueryParser, Parsed } from './query.js';
export {
  createOpenApiDocument,
  pathsOf,
  errorResponsesOf,
  RuntimeInfoResponse,
  HealthResponse,
  FieldProblem,
  ValidationErrorBody,
  MethodNotAllowedBody,
  PayloadTooLargeBody,
  EngineInfo,
  ENGINE_SCOPED_OPERATIONS,
} from './openapi.js';
export type { OpenApiOptions, OpenApiPaths } from './openapi.js';
export { defineRoute, addRoute, LAST_EVENT_ID_HEADER } from './route-registry.js';
export type { RouteDefinition, RouteInput, PathParam, QuerySpec, ErrorResponseName } from './route-registry.js';
export { configurationWarnings } from './routes/system.js';
export type { HealthResponse as HealthResponseBody, RuntimeInfoResponse as RuntimeInfoResponseBody } from './openapi.js';
export { VERSION } from './version.js';
export { createBuildSystem, buildpackBaseDir } from './build-system.js';
export { readOrCreateInstanceId, InstanceIdError, INSTANCE_ID_FILE } from './instance-id.js';
export type { BuildSystem, CreateBuildSystemOptions } from './build-system.js';
export { imageRoutes } from './routes/images.js';
export type { ImageRoutesOptions } from './routes/images.js';
export { createEngineProbe } from './engine-probe.js';
export type { EngineProbe, EngineProbeOptions } from './engine-probe.js';
export { imagesOpenApiPaths } from './routes/images-openapi.js';
export { createMikrocloud } from './mikrocloud.js';
export type { Mikrocloud, CreateMikrocloudOptions, BuildImageOptions, DeployRequest, DeployContainerConfig, Deployment, BuildFailureDetails } from './mikrocloud.js';
export { securityHeaders, SECURITY_HEADERS, API_CONTENT_SECURITY_POLICY } from './security-headers.js';
export { dashboardAssets } from './dashboard.js';
export type { DashboardAssetsOptions } from './dashboard.js';
