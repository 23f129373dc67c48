import type { CallOptions } from '@mikrocloud/core';
import { EngineApiContainerManager } from './engine-api-container-manager.js';
import { DockerBuilderChoice } from './images/builder.js';
import { policySettings, type ManagerPolicyOptions } from './manager-policy.js';
import { discoverSocket, dockerSocketCandidates, probeSocket, type SocketProbe } from './engine/socket-discovery.js';

/** Options of {@link DockerContainerManager}. */
export interface DockerContainerManagerOptions extends ManagerPolicyOptions {
  /** The Docker socket. When set it is used even while nothing listens there yet. */
  socketPath?: string;
  /** How the configured socket is named in messages. Default `socketPath option`; the server says `docker.socket_path`. */
  socketPathSource?: string;
  /** Environment read for `DOCKER_HOST` and `XDG_RUNTIME_DIR`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Pull an image missing locally when creating a container. Default true. */
  pullMissingImages?: boolean;
  /** Longest wait for such a pull, in milliseconds. Default 120 000. */
  pullTimeoutMs?: number;
  /** Labels put on every container and image this manager creates; may use the `io.mikrocloud.` prefix. */
  labels?: Record<string, string>;
  /**
   * This manager's instance: labelled `io.mikrocloud.instance=<instanceId>` on every container it
   * creates, and only containers carrying it are listed or reached by id (others answer as
   * missing). Unset: every container labelled `io.mikrocloud.managed=true`.
   */
  instanceId?: string;
  /**
   * See every container on the engine: `list({ all: true })` includes unmanaged ones and by-id
   * operations reach any container. For programs that really mean every container. Default false.
   */
  includeUnmanaged?: boolean;
  /** How socket candidates are checked (injected by tests). Default: `stat`. */
  probe?: SocketProbe;
}

/**
 * The {@link ContainerManager} for Docker Engine. Constructing it never touches the engine and
 * never throws but for an invalid `instanceId`: calls fail with a `RuntimeUnavailableError` until
 * the engine answers.
 *
 * @example
 * const docker = new DockerContainerManager();
 * const web = await docker.create({ image: 'nginx:alpine', name: 'web', ports: { '8080': '80' } });
 * await docker.start(web.id);
 */
export class DockerContainerManager extends EngineApiContainerManager {
  private readonly builderChoice: DockerBuilderChoice;

  constructor(options: DockerContainerManagerOptions = {}) {
    const env = options.env ?? process.env;
    const probe = options.probe ?? probeSocket;
    super({
      runtime: 'docker',
      discover: () => discoverSocket(dockerSocketCandidates(options.socketPath, env, options.socketPathSource), probe),
      ...(options.pullMissingImages === undefined ? {} : { pullMissingImages: options.pullMissingImages }),
      ...(options.pullTimeoutMs === undefined ? {} : { pullTimeoutMs: options.pullTimeoutMs }),
      ...(options.labels === undefined ? {} : { labels: options.labels }),
      ...policySettings(options),
      ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
      ...(options.includeUnmanaged === undefined ? {} : { includeUnmanaged: options.includeUnmanaged }),
    });
    this.builderChoice = new DockerBuilderChoice(this.buildDefaults.builder ?? 'auto');
  }

  /** BuildKit or the legacy builder, as `buildDefaults.builder` says (`auto`: BuildKit where the engine has it). */
  protected override builder(options: CallOptions): Promise<'buildkit' | 'legacy'> {
    return this.builderChoice.resolve(this.calls, options);
  }
}
