import {
  NotFoundError,
  RuntimeError,
  ValidationError,
  throwIfAborted,
  Labels,
  type CallOptions,
  type ContainerInfo,
  type ListOptions,
  type RemoveOptions,
  type StopOptions,
  type ValidContainerConfig,
  type WaitResult,
} from '@mikrocloud/core';
import { EngineHttpError, type EngineRequest, type QueryValue } from '../engine/http.js';
import { signalOf, type EngineCalls } from '../engine/transport.js';
import type { EngineContainerInspect, EngineContainerSummary, EngineCreateBody } from '../engine/types.js';
import { toContainerInfo, type ContainerMappers } from './mapping.js';

// Container lifecycle over the Engine API: one function per endpoint family, each taking the
// manager's EngineCalls. A new container endpoint goes here, and the manager delegates to it.

const CONTAINER_REF = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** `/containers/<id>`, after checking the id or name. */
export function containerPath(idOrName: string): string {
  if (typeof idOrName !== 'string' || !CONTAINER_REF.test(idOrName)) {
    throw ValidationError.field('id', `"${String(idOrName)}" is not a container id or name`);
  }
  return `/containers/${encodeURIComponent(idOrName.replace(/^\//, ''))}`;
}

/** The grace period of a stop in seconds, after checking it (a ValidationError naming `timeoutSeconds`). */
export function stopTimeout(options: StopOptions): number | undefined {
  const t = options.timeoutSeconds;
  if (t === undefined) return undefined;
  if (!Number.isInteger(t) || t < 0) throw ValidationError.field('timeoutSeconds', 'must be a whole number of seconds, 0 or more');
  return t;
}

/**
 * Which containers a manager sees: those labelled `io.mikrocloud.managed=true` and, with an
 * `instanceId`, `io.mikrocloud.instance=<instanceId>`; every container with `includeUnmanaged`.
 */
export interface ContainerScope {
  instanceId?: string;
  includeUnmanaged: boolean;
}

/** The label filters selecting managed containers (of one instance, when given). */
export function managedLabelFilters(instanceId: string | undefined): string[] {
  return [`${Labels.managed}=true`, ...(instanceId === undefined ? [] : [`${Labels.instance}=${instanceId}`])];
}

/** Whether a container with these labels is in the scope. */
export function inScope(scope: ContainerScope, labels: Record<string, string> | null | undefined): boolean {
  if (scope.includeUnmanaged) return true;
  if (labels?.[Labels.managed] !== 'true') return false;
  return scope.instanceId === undefined || labels[Labels.instance] === scope.instanceId;
}

/**
 * `GET /containers/json`: the containers of the scope, filtered by labels and states. `all`
 * lists every container, but only when the scope includes unmanaged ones.
 */
export async function listContainers(calls: EngineCalls, mappers: ContainerMappers, options: ListOptions, scope: ContainerScope): Promise<ContainerInfo[]> {
  const label = [
    ...(scope.includeUnmanaged && options.all ? [] : managedLabelFilters(scope.instanceId)),
    ...Object.entries(options.labels ?? {}).map(([k, v]) => `${k}=${v}`),
  ];
  const query: Record<string, QueryValue> = { all: true };
  if (label.length) query.filters = JSON.stringify({ label });
  const items = await calls.call<EngineContainerSummary[]>({ method: 'GET', path: '/containers/json', query, ...signalOf(options) });
  const states = options.states?.length ? new Set(options.states) : undefined;
  const out: ContainerInfo[] = [];
  for (const item of items ?? []) {
    const info = toContainerInfo(item, mappers);
    if (!states || states.has(info.state)) out.push(info);
  }
  return out;
}

/** `GET /containers/<id>/json`: the engine's own inspect answer. */
export function inspectContainerRaw(calls: EngineCalls, idOrName: string, options: CallOptions): Promise<EngineContainerInspect> {
  return calls.call<EngineContainerInspect>(
    { method: 'GET', path: `${containerPath(idOrName)}/json`, ...signalOf(options) },
    { subject: `container "${idOrName}"`, action: 'inspect' },
  );
}

/** What {@link createContainer} needs besides the requests. */
export interface CreateContainerSteps {
  body: EngineCreateBody;
  pullMissingImages: boolean;
  /** Pull before creating, even when the image is present (pull policy `always`). */
  pullFirst?: boolean;
  /** Pulls the image once (called when the engine reports it missing). */
  pull(image: string, signal: AbortSignal | undefined): Promise<void>;
}

/** `POST /containers/create`, pulling a missing image once when allowed. Returns the new id. */
export async function createContainer(calls: EngineCalls, valid: ValidContainerConfig, steps: CreateContainerSteps, options: CallOptions): Promise<string> {
  throwIfAborted(options.signal);
  const req: EngineRequest = {
    method: 'POST',
    path: '/containers/create',
    query: { name: valid.name },
    body: steps.body,
    ...signalOf(options),
  };
  const context = { subject: `container${valid.name ? ` "${valid.name}"` : ''}`, action: 'create', ...signalOf(options) };
  if (steps.pullFirst) await steps.pull(valid.image, options.signal);
  let created: { Id: string };
  try {
    created = await calls.send<{ Id: string }>(req);
  } catch (err) {
    if (!(err instanceof EngineHttpError && err.statusCode === 404)) throw calls.mapError(err, context);
    if (!steps.pullMissingImages) {
      throw new NotFoundError(`image "${valid.image}" not found locally, and the pull policy is "never"`, { cause: err });
    }
    await steps.pull(valid.image, options.signal);
    try {
      created = await calls.send<{ Id: string }>(req);
    } catch (retryErr) {
      if (retryErr instanceof EngineHttpError && retryErr.statusCode === 404) {
        throw new NotFoundError(`image "${valid.image}" not found locally, even after pulling it`, { cause: retryErr });
      }
      throw calls.mapError(retryErr, context);
    }
  }
  return created.Id;
}

/** `POST /containers/<id>/start`. */
export async function startContainer(calls: EngineCalls, idOrName: string, options: CallOptions): Promise<void> {
  await calls.call({ method: 'POST', path: `${containerPath(idOrName)}/start`, ...signalOf(options) }, { subject: `container "${idOrName}"`, action: 'start' });
}

/** `POST /containers/<id>/stop` or `/restart`, with the grace period in seconds. */
export async function stopContainer(calls: EngineCalls, idOrName: string, action: 'stop' | 'restart', options: StopOptions): Promise<void> {
  await calls.call(
    { method: 'POST', path: `${containerPath(idOrName)}/${action}`, query: { t: stopTimeout(options) }, ...signalOf(options) },
    { subject: `container "${idOrName}"`, action },
  );
}

/** `DELETE /containers/<id>`, with its anonymous volumes (named volumes are kept). */
export async function removeContainer(calls: EngineCalls, idOrName: string, options: RemoveOptions): Promise<void> {
  await calls.call(
    // Anonymous volumes (an image's VOLUME lines) would otherwise pile up on disk unowned.
    { method: 'DELETE', path: containerPath(idOrName), query: { force: options.force ? true : undefined, v: true }, ...signalOf(options) },
    { subject: `container "${idOrName}"`, action: 'remove' },
  );
}

/** `POST /containers/<id>/wait`. */
export async function waitContainer(calls: EngineCalls, idOrName: string, options: CallOptions): Promise<WaitResult> {
  const result = await calls.call<{ StatusCode?: number; Error?: { Message?: string } | null }>(
    { method: 'POST', path: `${containerPath(idOrName)}/wait`, ...signalOf(options) },
    { subject: `container "${idOrName}"`, action: 'wait for' },
  );
  if (result?.Error?.Message) throw new RuntimeError(`cannot wait for container "${idOrName}": ${result.Error.Message}`);
  return { exit_code: result?.StatusCode ?? 0 };
}
