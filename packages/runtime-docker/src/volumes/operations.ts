import {
  ConflictError,
  Labels,
  NotFoundError,
  checkObjectName,
  throwIfAborted,
  validateVolumeSpec,
  type CallOptions,
  type PruneOptions,
  type PruneResult,
  type RemoveVolumeOptions,
  type VolumeInfo,
  type VolumeSpec,
} from '@mikrocloud/core';
import { EngineHttpError } from '../engine/http.js';
import { signalOf, type EngineCalls } from '../engine/transport.js';
import type { EngineVolume } from '../engine/types.js';
import { inScope, managedLabelFilters, type ContainerScope } from '../containers/operations.js';
import { engineTime } from '../containers/mapping.js';

// Managed named volumes over the Engine API. A volume is managed when it carries the labels a
// container of the same manager would (managed, and the instance when there is one); any other
// volume answers exactly as a missing one.

/** What a volume call needs of its manager: its scope and the labels it puts on what it creates. */
export interface ObjectOwnership {
  scope: ContainerScope;
  /** The manager's extra labels (a test run, an installation). */
  extraLabels: Record<string, string>;
}

/** The labels of a volume or network this manager creates: the user's, then the manager's own. */
export function ownedLabels(owner: ObjectOwnership, userLabels: Record<string, string> | undefined): Record<string, string> {
  return {
    ...(userLabels ?? {}),
    ...owner.extraLabels,
    [Labels.managed]: 'true',
    ...(owner.scope.instanceId === undefined ? {} : { [Labels.instance]: owner.scope.instanceId }),
  };
}

/** `filters` selecting the managed objects of one instance (never every object of the engine). */
export function ownedFilters(owner: ObjectOwnership, extra: Record<string, string[]> = {}): string {
  return JSON.stringify({ label: managedLabelFilters(owner.scope.instanceId), ...extra });
}

export function toVolumeInfo(v: EngineVolume): VolumeInfo {
  return {
    name: v.Name,
    driver: v.Driver ?? 'local',
    mountpoint: v.Mountpoint ?? '',
    labels: v.Labels ?? {},
    created_at: engineTime(v.CreatedAt),
  };
}

const volumePath = (name: string) => `/volumes/${encodeURIComponent(checkObjectName('volume', name))}`;
const missing = (name: string, cause?: unknown) => new NotFoundError(`volume "${name}" not found`, cause === undefined ? {} : { cause });

/** `GET <path>` of a volume or network as the engine answers, or undefined when there is none. */
export async function findObject<T>(calls: EngineCalls, path: string, subject: string, options: CallOptions): Promise<T | undefined> {
  try {
    return await calls.send<T>({ method: 'GET', path, ...signalOf(options) });
  } catch (err) {
    if (err instanceof EngineHttpError && err.statusCode === 404) return undefined;
    throw calls.mapError(err, { subject, action: 'inspect', ...signalOf(options) });
  }
}

const findVolume = (calls: EngineCalls, name: string, options: CallOptions) => findObject<EngineVolume>(calls, volumePath(name), `volume "${name}"`, options);

/** A volume of the scope; any other is a NotFoundError worded as for a missing one. */
export async function inspectVolume(calls: EngineCalls, owner: ObjectOwnership, name: string, options: CallOptions = {}): Promise<VolumeInfo> {
  const found = await findVolume(calls, name, options);
  if (!found || !inScope(owner.scope, found.Labels)) throw missing(name);
  return toVolumeInfo(found);
}

/**
 * `POST /volumes/create`. Both engines answer a taken name with the existing volume (201), so the
 * name is looked up first and the answer's labels checked: a taken name is a ConflictError and
 * never adopts the other volume.
 */
export async function createVolume(calls: EngineCalls, owner: ObjectOwnership, input: VolumeSpec = {}, options: CallOptions = {}): Promise<VolumeInfo> {
  throwIfAborted(options.signal);
  const spec = validateVolumeSpec(input);
  const taken = () => new ConflictError(`volume "${spec.name}" already exists`);
  if (spec.name !== undefined && (await findVolume(calls, spec.name, options))) throw taken();
  const labels = ownedLabels(owner, spec.labels);
  const created = await calls.call<EngineVolume>(
    { method: 'POST', path: '/volumes/create', body: { ...(spec.name === undefined ? {} : { Name: spec.name }), Labels: labels }, ...signalOf(options) },
    { subject: `volume${spec.name ? ` "${spec.name}"` : ''}`, action: 'create' },
  );
  const got = created.Labels ?? {};
  if (Object.entries(labels).some(([k, v]) => got[k] !== v)) throw taken();
  return toVolumeInfo(created);
}

/** `GET /volumes`, filtered by the scope's labels. */
export async function listVolumes(calls: EngineCalls, owner: ObjectOwnership, options: CallOptions = {}, extra: Record<string, string[]> = {}): Promise<VolumeInfo[]> {
  const answer = await calls.call<{ Volumes?: EngineVolume[] | null }>({ method: 'GET', path: '/volumes', query: { filters: ownedFilters(owner, extra) }, ...signalOf(options) });
  // The filter is the engine's; the scope check is ours, so a filter an engine ignored lets nothing through.
  return (answer?.Volumes ?? []).filter((v) => inScope({ ...owner.scope, includeUnmanaged: false }, v.Labels)).map(toVolumeInfo);
}

/** `DELETE /volumes/{name}` of a volume in the scope. One a container uses is a ConflictError. */
export async function removeVolume(calls: EngineCalls, owner: ObjectOwnership, name: string, options: RemoveVolumeOptions = {}): Promise<void> {
  const volume = await inspectVolume(calls, owner, name, options);
  try {
    await calls.send({ method: 'DELETE', path: volumePath(volume.name), query: { force: options.force ? true : undefined }, ...signalOf(options) });
  } catch (err) {
    if (err instanceof EngineHttpError && err.statusCode === 404) throw missing(name, err);
    if (err instanceof EngineHttpError && /in use|being used/i.test(err.message)) {
      throw new ConflictError(`cannot remove volume "${name}": a container uses it`, { cause: err });
    }
    throw calls.mapError(err, { subject: `volume "${name}"`, action: 'remove', ...signalOf(options) });
  }
}

/** Whether any container (of any program: a volume in use is never removed) mounts the volume. */
async function volumeInUse(calls: EngineCalls, name: string, options: CallOptions): Promise<boolean> {
  const users = await calls.call<Array<{ Id: string }>>({
    method: 'GET',
    path: '/containers/json',
    query: { all: true, filters: JSON.stringify({ volume: [name] }) },
    ...signalOf(options),
  });
  return (users ?? []).length > 0;
}

/**
 * Removes the volumes of this installation (managed, of its instance) that no container uses,
 * one by one so the answer lists exactly what went; a volume taken into use meanwhile is kept.
 * The engine's own `/volumes/prune` is never called: it is host-wide unless filtered right.
 */
export async function pruneVolumes(calls: EngineCalls, owner: ObjectOwnership, options: PruneOptions = {}): Promise<PruneResult> {
  const dryRun = options.dryRun ?? false;
  const candidates = await listVolumes(calls, owner, options, { dangling: ['true'] });
  const names: string[] = [];
  // Podman's `dangling` filter counts a volume of a created, never started container as unused.
  for (const v of candidates) if (!(await volumeInUse(calls, v.name, options))) names.push(v.name);
  names.sort();
  if (dryRun) return { removed: names, dry_run: true };
  const removed: string[] = [];
  for (const name of names) {
    try {
      await removeVolume(calls, owner, name, signalOf(options));
      removed.push(name);
    } catch (err) {
      if (err instanceof ConflictError || err instanceof NotFoundError) continue;
      throw err;
    }
  }
  return { removed, dry_run: false };
}
