import type { CallOptions } from '../container-manager.js';
import type { NetworkInfo, NetworkSpec, PruneResult, VolumeInfo, VolumeSpec } from '../schemas/storage.js';

/** Options of {@link VolumeOperations.removeVolume}. */
export interface RemoveVolumeOptions extends CallOptions {
  /** Remove it even while a container uses it (Docker refuses anyway for a running one). Default false. */
  force?: boolean;
}

/** Options of {@link VolumeOperations.pruneVolumes}. */
export interface PruneOptions extends CallOptions {
  /** Only list what would be removed. Default false. */
  dryRun?: boolean;
}

/**
 * Managed named volumes: created with the manager's labels (`io.mikrocloud.managed=true`, its
 * instance), and only those are listed, inspected or removed; any other volume answers as a
 * missing one (NotFoundError).
 */
export interface VolumeOperations {
  /** Creates a volume (a ConflictError when the name is taken). */
  createVolume(spec?: VolumeSpec, options?: CallOptions): Promise<VolumeInfo>;
  listVolumes(options?: CallOptions): Promise<VolumeInfo[]>;
  inspectVolume(name: string, options?: CallOptions): Promise<VolumeInfo>;
  /** A volume a container still uses is a ConflictError. */
  removeVolume(name: string, options?: RemoveVolumeOptions): Promise<void>;
  /** Removes this installation's volumes no container uses; never another program's. */
  pruneVolumes(options?: PruneOptions): Promise<PruneResult>;
}

/** Options of {@link NetworkOperations.connectNetwork}. */
export interface ConnectNetworkOptions extends CallOptions {
  /** Extra DNS names of the container on the network. */
  aliases?: string[];
}

/** Options of {@link NetworkOperations.disconnectNetwork}. */
export interface DisconnectNetworkOptions extends CallOptions {
  force?: boolean;
}

/**
 * Managed networks: created with the manager's labels, and only those are listed, inspected,
 * removed or joined; any other network answers as a missing one (NotFoundError). Containers on
 * one network reach each other by name and alias.
 */
export interface NetworkOperations {
  /** Creates a bridge network (a ConflictError when the name is taken). */
  createNetwork(spec: NetworkSpec, options?: CallOptions): Promise<NetworkInfo>;
  listNetworks(options?: CallOptions): Promise<NetworkInfo[]>;
  /** By name or id. */
  inspectNetwork(name: string, options?: CallOptions): Promise<NetworkInfo>;
  /** A network with containers still on it is a ConflictError. */
  removeNetwork(name: string, options?: CallOptions): Promise<void>;
  /** Puts a managed container on a managed network. */
  connectNetwork(network: string, container: string, options?: ConnectNetworkOptions): Promise<void>;
  disconnectNetwork(network: string, container: string, options?: DisconnectNetworkOptions): Promise<void>;
}
