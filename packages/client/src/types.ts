import type { components, operations } from './generated/openapi.js';

type Schemas = components['schemas'];

/** What `GET /health` answers. */
export type HealthResponse = Schemas['HealthResponse'];
/** What `GET /api/v1/runtime/info` answers: the engine's report plus the server's settings. */
export type RuntimeInfoResponse = Schemas['RuntimeInfoResponse'];
/** A container in a list. */
export type ContainerInfo = Schemas['ContainerInfo'];
/** A container inspected (also what create, start, stop and restart answer). */
export type ContainerDetails = Schemas['ContainerDetails'];
/** The body of a container creation. */
export type ContainerConfig = Schemas['ContainerConfig'];
/** One line of a container's (or an exec's) output. */
export type LogLine = Schemas['LogLine'];
/** The command an exec runs. */
export type ExecRequest = Schemas['ExecRequest'];
/** An exec run to its end (`Accept: application/json`). */
export type ExecResult = Schemas['ExecResult'];
/** What a container wait answers: `{exit_code}`, `{condition, health}` or `{condition}`. */
export type WaitResult = Schemas['WaitResult'] | Schemas['HealthyWaitResult'] | Schemas['RemovedWaitResult'];
/** A wait's body: the condition and the seconds to wait at most. */
export type WaitRequest = Schemas['WaitRequest'];
/** A managed volume. */
export type VolumeInfo = Schemas['VolumeInfo'];
/** The body of a volume creation. */
export type VolumeSpec = Schemas['VolumeSpec'];
/** A managed network. */
export type NetworkInfo = Schemas['NetworkInfo'];
/** The body of a network creation. */
export type NetworkSpec = Schemas['NetworkSpec'];
/** The body of a network connect or disconnect. */
export type NetworkConnection = Schemas['NetworkConnection'];
/** What a volume prune answers. */
export type PruneResult = Schemas['PruneResult'];
/** An image. */
export type ImageInfo = Schemas['ImageInfo'];
/** What an image prune answers. */
export type ImagePruneResult = Schemas['ImagePruneResult'];
/** One step of a pull or push. */
export type PullProgress = Schemas['PullProgress'];
/** The body of a pull. */
export type PullRequest = Schemas['PullRequest'];
/** The body of a push. */
export type PushRequest = Schemas['PushRequest'];
/** Registry credentials, sent with one pull or push and never stored by the server. */
export type RegistryAuth = Schemas['RegistryAuth'];
/** One engine event of an object the server manages. */
export type EngineEvent = Schemas['EngineEvent'];
/** A build request, as the server's built-in buildpacks define it. */
export type BuildRequest = Schemas['BuildRequest'];
/** A build's record. */
export type BuildRecord = Schemas['BuildRecord'];
/** Where a build is: `queued` → `running` → one of the final statuses. */
export type BuildStatus = BuildRecord['status'];
/** What a build plan answers. */
export type PlanResponse = operations['planImage']['responses'][200]['content']['application/json'];
/** One field at fault in a 400's `details`. */
export type FieldProblem = Schemas['FieldProblem'];
/** The JSON body of every error answer. */
export type ErrorBody = Schemas['ErrorBody'];

/** One line of a build's log; `number` counts from 1 and is the SSE id a resumed stream continues after. */
export interface BuildLogLine {
  number: number;
  line: string;
}

/** Query of a container list. */
export interface ContainerListQuery {
  /** Stopped containers too. */
  all?: boolean | undefined;
  /** `key` or `key=value` filters, all of which must match. */
  label?: string[] | undefined;
}

/** Query of a build list. */
export type BuildListQuery = NonNullable<operations['listBuilds']['parameters']['query']>;

/** Query of the event stream. */
export type EventQuery = NonNullable<operations['streamEvents']['parameters']['query']>;
