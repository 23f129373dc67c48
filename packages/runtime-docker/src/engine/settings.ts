import type { ManagerPolicyOptions } from '../manager-policy.js';
import type { SocketDiscovery } from './socket-discovery.js';

/** Settings a concrete engine manager passes to {@link EngineApiContainerManager}. */
export interface EngineApiSettings extends ManagerPolicyOptions {
  /** `docker`, `podman`, ... */
  runtime: string;
  /** Finds the socket. Called at construction and again whenever the engine cannot be reached. */
  discover: () => SocketDiscovery;
  /** Pull an image that is missing locally when creating a container. Default true. `pullPolicy` overrides it. */
  pullMissingImages?: boolean;
  /** Longest wait for such a pull, in milliseconds. Default 120 000. */
  pullTimeoutMs?: number;
  /** Highest API version to speak. Default `CLIENT_API_VERSION`. */
  clientApiVersion?: string;
  /**
   * Labels put on every container and image this manager creates, after the user's. Unlike user
   * labels they may use the reserved `io.mikrocloud.` prefix (an installation id, a test run id).
   */
  labels?: Record<string, string>;
  /** The network of build steps: the engine's bridge (default) or none. Never the host's. `buildDefaults.network` overrides it. */
  buildNetwork?: 'bridge' | 'none';
  /**
   * Labelled `io.mikrocloud.instance=<instanceId>` on every container created; only containers
   * carrying it are then listed or reached by id. Unset: every managed container.
   */
  instanceId?: string;
  /**
   * See every container: `list({ all: true })` includes unmanaged ones and by-id operations reach
   * any container. Default false: a container outside the scope answers as a missing one.
   */
  includeUnmanaged?: boolean;
}

