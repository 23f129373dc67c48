import type { ContainerNetwork, Mount, ValidContainerConfig } from '@mikrocloud/core';
import type { EngineContainerInspect, EngineCreateBody } from '../engine/types.js';
import { networkCreateFields, networksFromInspect } from '../networks/attach.js';
import { mountsFromInspect, toEngineMounts } from './mounts.js';

/** Puts a configuration's mounts and first network on a create body. */
export function applyStorage(body: EngineCreateBody, config: ValidContainerConfig): EngineCreateBody {
  const mounts = toEngineMounts(config.mounts);
  if (mounts) body.HostConfig.Mounts = mounts;
  const { NetworkMode, NetworkingConfig } = networkCreateFields(config.networks);
  if (NetworkMode !== undefined) body.HostConfig.NetworkMode = NetworkMode;
  if (NetworkingConfig !== undefined) body.NetworkingConfig = NetworkingConfig;
  return body;
}

/** The `mounts` and `networks` of a container's details. */
export function storageDetails(c: EngineContainerInspect): { mounts: Mount[]; networks: ContainerNetwork[] } {
  return { mounts: mountsFromInspect(c), networks: networksFromInspect(c) };
}
