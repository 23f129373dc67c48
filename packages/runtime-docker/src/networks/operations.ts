import {
  ConflictError,
  NotFoundError,
  checkObjectName,
  throwIfAborted,
  validateNetworkSpec,
  type CallOptions,
  type ConnectNetworkOptions,
  type DisconnectNetworkOptions,
  type NetworkInfo,
  type NetworkSpec,
} from '@mikrocloud/core';
import { inScope } from '../containers/operations.js';
import { engineTime } from '../containers/mapping.js';
import { EngineHttpError, readText, type EngineRequest } from '../engine/http.js';
import { signalOf, type EngineCalls } from '../engine/transport.js';
import type { EngineNetwork } from '../engine/types.js';
import { findObject, ownedFilters, ownedLabels, type ObjectOwnership } from '../volumes/operations.js';

// Managed networks over the Engine API: bridge networks carrying the manager's labels. Any other
// network (the engine's own `bridge`, another program's) answers exactly as a missing one, and
// no container is ever put on it through mikrocloud.

export function toNetworkInfo(n: EngineNetwork): NetworkInfo {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver ?? 'bridge',
    internal: n.Internal ?? false,
    labels: n.Labels ?? {},
    created_at: engineTime(n.Created),
  };
}

const networkPath = (name: string) => `/networks/${encodeURIComponent(checkObjectName('network', name))}`;
const missing = (name: string, cause?: unknown) => new NotFoundError(`network "${name}" not found`, cause === undefined ? {} : { cause });

/**
 * Engine refusals that are about the network's state, not the engine's health: Docker answers
 * 403 for active endpoints and double connects, Podman 500 for a taken name or a network in use.
 */
const NETWORK_CONFLICT = /active endpoints|already exists|already used|already connected|is being used|in use|not connected/i;

function mapNetworkError(calls: EngineCalls, err: unknown, subject: string, action: string, options: CallOptions): Error {
  if (err instanceof EngineHttpError && err.statusCode !== 404 && NETWORK_CONFLICT.test(err.message)) {
    return new ConflictError(`cannot ${action} ${subject}: ${err.message}`, { cause: err });
  }
  return calls.mapError(err, { subject, action, ...signalOf(options) });
}

const findNetwork = (calls: EngineCalls, name: string, options: CallOptions) => findObject<EngineNetwork>(calls, networkPath(name), `network "${name}"`, options);

/** Sends a request whose answer is not JSON (Podman answers a connect with a plain `OK`). */
async function post(calls: EngineCalls, req: EngineRequest): Promise<void> {
  await readText(await calls.open(req));
}

/** A network of the scope, by name or id; any other is a NotFoundError worded as for a missing one. */
export async function inspectNetwork(calls: EngineCalls, owner: ObjectOwnership, name: string, options: CallOptions = {}): Promise<NetworkInfo> {
  const found = await findNetwork(calls, name, options);
  // Docker also matches an id prefix; a name must match exactly, so `web` never finds `web2`.
  if (!found || !inScope(owner.scope, found.Labels) || (found.Name !== name && !found.Id.startsWith(name))) throw missing(name);
  return toNetworkInfo(found);
}

/** `POST /networks/create`: a bridge network with the manager's labels. A taken name is a ConflictError. */
export async function createNetwork(calls: EngineCalls, owner: ObjectOwnership, input: NetworkSpec, options: CallOptions = {}): Promise<NetworkInfo> {
  throwIfAborted(options.signal);
  const spec = validateNetworkSpec(input);
  const subject = `network "${spec.name}"`;
  // Docker creates a second network of the same name unless asked not to; Podman refuses with a 500.
  if (await findNetwork(calls, spec.name, options)) throw new ConflictError(`network "${spec.name}" already exists`);
  let created: { Id: string };
  try {
    created = await calls.send<{ Id: string }>({
      method: 'POST',
      path: '/networks/create',
      body: { Name: spec.name, CheckDuplicate: true, Driver: 'bridge', Internal: spec.internal ?? false, Labels: ownedLabels(owner, spec.labels) },
      ...signalOf(options),
    });
  } catch (err) {
    throw mapNetworkError(calls, err, subject, 'create', options);
  }
  return inspectNetwork(calls, owner, created.Id, options);
}

/** `GET /networks`, filtered by the scope's labels. */
export async function listNetworks(calls: EngineCalls, owner: ObjectOwnership, options: CallOptions = {}): Promise<NetworkInfo[]> {
  const list = await calls.call<EngineNetwork[]>({ method: 'GET', path: '/networks', query: { filters: ownedFilters(owner) }, ...signalOf(options) });
  return (list ?? []).filter((n) => inScope({ ...owner.scope, includeUnmanaged: false }, n.Labels)).map(toNetworkInfo);
}

/** `DELETE /networks/{id}` of a network in the scope. One with containers on it is a ConflictError. */
export async function removeNetwork(calls: EngineCalls, owner: ObjectOwnership, name: string, options: CallOptions = {}): Promise<void> {
  const network = await inspectNetwork(calls, owner, name, options);
  // Podman's compat API removes a network by id even while containers are on it.
  const users = Object.keys((await findNetwork(calls, network.id, options))?.Containers ?? {});
  if (users.length > 0) throw new ConflictError(`cannot remove network "${name}": ${users.length} container(s) are on it`);
  try {
    await calls.send({ method: 'DELETE', path: networkPath(network.name), ...signalOf(options) });
  } catch (err) {
    if (err instanceof EngineHttpError && err.statusCode === 404) throw missing(name, err);
    throw mapNetworkError(calls, err, `network "${name}"`, 'remove', options);
  }
}

/** `POST /networks/{id}/connect` of a container already known to be in the scope (by id). */
export async function connectNetwork(
  calls: EngineCalls,
  owner: ObjectOwnership,
  name: string,
  containerId: string,
  options: ConnectNetworkOptions = {},
): Promise<void> {
  const network = await inspectNetwork(calls, owner, name, options);
  const aliases = options.aliases ?? [];
  try {
    await post(calls, {
      method: 'POST',
      path: `${networkPath(network.id)}/connect`,
      body: { Container: containerId, EndpointConfig: aliases.length > 0 ? { Aliases: aliases } : {} },
      ...signalOf(options),
    });
  } catch (err) {
    throw mapNetworkError(calls, err, `container "${containerId}"`, `connect to network "${name}"`, options);
  }
}

/** `POST /networks/{id}/disconnect` of a container already known to be in the scope (by id). */
export async function disconnectNetwork(
  calls: EngineCalls,
  owner: ObjectOwnership,
  name: string,
  containerId: string,
  options: DisconnectNetworkOptions = {},
): Promise<void> {
  const network = await inspectNetwork(calls, owner, name, options);
  try {
    await post(calls, {
      method: 'POST',
      path: `${networkPath(network.id)}/disconnect`,
      body: { Container: containerId, Force: options.force ?? false },
      ...signalOf(options),
    });
  } catch (err) {
    throw mapNetworkError(calls, err, `container "${containerId}"`, `disconnect from network "${name}"`, options);
  }
}
