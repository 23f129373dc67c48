import { ContainerNetwork, Mount, NetworkAttachment, NetworkConnection, NetworkInfo, NetworkSpec, PruneResult, VolumeInfo, VolumeSpec } from '@mikrocloud/core';

/** The component schemas of the volume and network routes and of containers' mounts and networks. */
export const StorageSchemas = {
  Mount,
  NetworkAttachment,
  ContainerNetwork,
  VolumeSpec,
  VolumeInfo,
  NetworkSpec,
  NetworkInfo,
  NetworkConnection,
  PruneResult,
} as const;
