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
} from './container-manager.js';
