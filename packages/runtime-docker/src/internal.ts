/**
 * The engine-API building blocks @mikrocloud/runtime-podman extends: the base manager, wire types,
 * mapping helpers, stream parsers, error mapping and the HTTP transport. Not part of the public API
 * and not covered by semver; use the package root instead.
 */
export { EngineApiContainerManager } from './engine-api-container-manager.js';
export type { EngineApiSettings } from './engine-api-container-manager.js';
export type { BuildArrangement } from './images/build.js';
export type { EngineCalls } from './engine/transport.js';
export { mapEngineError, isConnectionError } from './engine/errors.js';
export type { EngineErrorContext } from './engine/errors.js';
export { EngineHttpError, openEngineRequest, buildQuery } from './engine/http.js';
export type { EngineRequest, QueryValue } from './engine/http.js';
export { createDialer } from './engine/dialer.js';
export type { EngineDialer } from './engine/dialer.js';
export { LogDemultiplexer, LineSplitter, readLogLines, splitTimestamp, MAX_LINE_BYTES } from './containers/log-stream.js';
export type { LogFrame, ReadLogLinesOptions } from './containers/log-stream.js';
export { BuildStreamParser, dockerBuildIdMatcher } from './images/build-stream.js';
export type { BuildIdMatcher } from './images/build-stream.js';
export {
  normaliseState,
  engineTime,
  portsFromList,
  portsFromBindings,
  portsFromLabel,
  restartPolicyToEngine,
  restartPolicyFromEngine,
  envToRecord,
  managedLabels,
  toCreateBody,
  toContainerInfo,
  toContainerDetails,
  defaultMappers,
} from './containers/mapping.js';
export type { ContainerMappers } from './containers/mapping.js';
export type {
  EngineContainerSummary,
  EngineContainerInspect,
  EngineListPort,
  EnginePortBindings,
  EngineImageInspect,
  EngineVersion,
  EngineInfo,
  EngineCreateBody,
  EngineHealth,
  EngineHealthConfig,
  EngineResourceFields,
} from './engine/types.js';
export { policySettings } from './manager-policy.js';
