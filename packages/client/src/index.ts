export { createClient, FINAL_BUILD_STATUSES } from './client.js';
export type {
  MikrocloudClient,
  VolumesApi,
  NetworksApi,
  ImagesApi,
  BuildsApi,
  BuildLogOptions,
  BuildWaitOptions,
  TransferStream,
} from './client.js';
export type { ContainersApi, ContainerLogOptions, ContainerWaitOptions, ExecStream, ExecEvent } from './containers.js';
export type { ClientOptions, CallOptions } from './http.js';
export { ResultStream } from './streams.js';
export { SseParser, readEvents, SSE_MAX_LENGTH } from './sse.js';
export type { SseEvent, SseParserOptions } from './sse.js';
export { requestIdOf, errorFromBody, isFieldProblem } from './errors.js';
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
  ERROR_CODES,
} from '@mikrocloud/core/errors';
export type { ErrorCode } from '@mikrocloud/core/errors';
// Every request and response type (`ContainerConfig`, `BuildRecord`, `FieldProblem`, ...).
export type * from './types.js';
export type { paths as ApiPaths, components as ApiComponents, operations as ApiOperations } from './generated/openapi.js';
