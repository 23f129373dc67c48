export {
  MikrocloudError,
  ValidationError,
  NotFoundError,
  ConflictError,
  RuntimeUnavailableError,
  RuntimeError,
  UnprocessableError,
  BuildError,
  CancelledError,
  TimeoutError,
  ForbiddenError,
  MisdirectedRequestError,
  TooManyRequestsError,
  isMikrocloudError,
  nestedProblems,
  throwIfAborted,
  abortError,
  isTimeoutReason,
  ERROR_CODES,
} from './errors.js';
export type { ErrorCode, FieldProblem, MikrocloudErrorOptions } from './errors.js';
export { redact, redactUrl } from './redact.js';
export { silentLogger } from './logger.js';
export type { Logger, LogFields } from './logger.js';
export { tarArchive } from './tar.js';
export type { TarFile } from './tar.js';
export { createValidator } from './validation.js';
export type { Validator } from './validation.js';
export {
  parseImageReference,
  isImageReference,
  isImageTag,
  shortImageName,
} from './grammar/image-reference.js';
export type { ImageReference } from './grammar/image-reference.js';
export { checkContainerName, checkEnvironmentName, checkLabelKey, hasNul } from './grammar/names.js';
export {
  checkRelativePath,
  checkSingleLine,
  checkComposeServiceName,
  checkBuildId,
  checkImageReference,
  BUILD_ID_PATTERN,
  MAX_RELATIVE_PATH_LENGTH,
} from './grammar/build-request.js';
export type { RelativePathOptions, SingleLineOptions } from './grammar/build-request.js';
export { parsePortMap } from './ports.js';
export { findUnconfinedMounts } from './dockerfile/unconfined-mounts.js';
export type { UnconfinedMount, UnconfinedMountOptions } from './dockerfile/unconfined-mounts.js';
export { parseDockerfileFroms } from './dockerfile/froms.js';
export type { DockerfileFrom } from './dockerfile/froms.js';
export { validateContainerConfig } from './container-config.js';
export type { ValidContainerConfig } from './container-config.js';
export { Labels, LABEL_PREFIX, INSTANCE_ID_PATTERN, checkInstanceId } from './labels.js';
export {
  ContainerConfig,
  ContainerInfo,
  ContainerDetails,
  ContainerState,
  PortBinding,
  PortMap,
  Protocol,
  RestartPolicy,
  LogLine,
  WaitResult,
} from './schemas/container.js';
export type { RestartPolicyValue } from './schemas/container.js';
export { RuntimeInfo, ImageInfo } from './schemas/runtime.js';
export { ContainerResources, AppliedResources, MAX_MEMORY_MB } from './schemas/resources.js';
export { HealthCheck, HealthStatus, ContainerHealth, WaitCondition, HealthyWaitResult, RemovedWaitResult } from './schemas/health.js';
export { ExecRequest, ExecResult } from './schemas/exec.js';
export { checkResources, checkHealthcheck } from './resources-health.js';
export { validateExecRequest } from './exec-request.js';
export type { ExecSession, ExecOperations } from './contract/exec.js';
export type { WaitOptions, WaitAnswer } from './contract/wait.js';
export { RegistryAuth, PullProgress } from './schemas/registry.js';
export type { RegistryCredentialStore, RegistryTransferOptions, PushOptions, RegistryOperations } from './contract/registry.js';
export { EngineEvent, EngineEventType, ENGINE_EVENT_TYPES } from './schemas/events.js';
export { ImagePruneResult } from './schemas/image-housekeeping.js';
export { checkEventsOptions, eventPasses } from './contract/events.js';
export type { EventOperations, EventsOptions, CheckedEventsOptions } from './contract/events.js';
export type { ImageHousekeeping, PruneImagesOptions } from './contract/image-housekeeping.js';
export type { ContainerHandle } from './contract/handles.js';
export { disposable, ignoreNotFound } from './disposable.js';
export { ErrorBody, ErrorCodeSchema, FieldProblemSchema } from './schemas/error.js';
export type {
  ContainerManager,
  CallOptions,
  ListOptions,
  StopOptions,
  RemoveOptions,
  LogOptions,
  ImageBuildInput,
  ImageBuildOptions,
  ImageBuildResult,
  BuildFeatures,
} from './container-manager.js';
export {
  Mount,
  NetworkAttachment,
  ContainerNetwork,
  VolumeSpec,
  VolumeInfo,
  NetworkSpec,
  NetworkInfo,
  NetworkConnection,
  PruneResult,
} from './schemas/storage.js';
export {
  checkMounts,
  checkNetworks,
  checkNetworkName,
  checkVolumeName,
  checkAbsolutePath,
  checkUserLabels,
  checkObjectName,
  validateVolumeSpec,
  validateNetworkSpec,
  validateNetworkConnection,
  RESERVED_NETWORK_NAMES,
} from './storage-config.js';
export type {
  VolumeOperations,
  NetworkOperations,
  RemoveVolumeOptions,
  PruneOptions,
  ConnectNetworkOptions,
  DisconnectNetworkOptions,
} from './contract/storage.js';
