import { NotFoundError, type CallOptions, type ValidContainerConfig } from '@mikrocloud/core';
import type { EngineCalls } from '../engine/transport.js';
import { connectNetwork, inspectNetwork } from '../networks/operations.js';
import { resolveBindSource } from './bind-roots.js';
import { inspectVolume, type ObjectOwnership } from './operations.js';

// What a container's `mounts` and `networks` refer to is checked before the engine sees them:
// named volumes and networks must be this installation's (another one's, or the engine's own,
// answers as missing, naming the field), and bind sources must resolve under an allowed root.

/** Adds the field to a NotFoundError's message, so a 404 says which part of the request it was. */
function naming<T>(field: string, promise: Promise<T>): Promise<T> {
  return promise.catch((err: unknown) => {
    if (err instanceof NotFoundError) throw new NotFoundError(`${err.message} (${field})`, { cause: err, details: { field } });
    throw err;
  });
}

/**
 * Checks every volume, network and bind source the configuration names; returns it with bind
 * sources replaced by their real paths.
 */
export async function prepareAttachments(
  calls: EngineCalls,
  owner: ObjectOwnership,
  bindRoots: readonly string[],
  config: ValidContainerConfig,
  options: CallOptions,
): Promise<ValidContainerConfig> {
  const mounts = config.mounts ? [...config.mounts] : undefined;
  for (const [i, mount] of (mounts ?? []).entries()) {
    if (mount.type === 'volume' && mount.source !== undefined) {
      await naming(`mounts.${i}.source`, inspectVolume(calls, owner, mount.source, options));
    } else if (mount.type === 'bind' && mount.source !== undefined && mounts) {
      mounts[i] = { ...mount, source: await resolveBindSource(mount.source, bindRoots, `mounts.${i}.source`) };
    }
  }
  for (const [i, network] of (config.networks ?? []).entries()) {
    await naming(`networks.${i}.name`, inspectNetwork(calls, owner, network.name, options));
  }
  return mounts ? { ...config, mounts } : config;
}

/**
 * Connects a new container to the networks after the first (which it joined at creation), before
 * it starts. When one fails, `discard` removes the container and the error is rethrown.
 */
export async function joinRemainingNetworks(
  calls: EngineCalls,
  owner: ObjectOwnership,
  containerId: string,
  config: ValidContainerConfig,
  options: CallOptions,
  discard: () => Promise<void>,
): Promise<void> {
  try {
    for (const [i, network] of (config.networks ?? []).slice(1).entries()) {
      await naming(`networks.${i + 1}.name`, connectNetwork(calls, owner, network.name, containerId, { ...options, ...(network.aliases ? { aliases: network.aliases } : {}) }));
    }
  } catch (err) {
    await discard().catch(() => undefined);
    throw err;
  }
}
