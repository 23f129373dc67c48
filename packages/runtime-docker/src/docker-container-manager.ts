import { ValidationError, type CallOptions } from '@mikrocloud/core';
import { EngineApiContainerManager } from './engine-api-container-manager.js';
import { DockerBuilderChoice } from './images/builder.js';
import { policySettings, type ManagerPolicyOptions } from './manager-policy.js';
import { parseEngineHost, type EngineSshSettings, type EngineTlsSettings } from './engine/endpoint.js';
import { discoverSocket, dockerSocketCandidates, probeSocket, type DockerHostOptions, type SocketProbe } from './engine/socket-discovery.js';
import { sshPathProblem } from './engine/ssh-dialer.js';

/** Options of {@link DockerContainerManager}. */
export interface DockerContainerManagerOptions extends ManagerPolicyOptions {
  /** The Docker socket. When set it is used even while nothing listens there yet. */
  socketPath?: string;
  /** How the configured socket is named in messages. Default `socketPath option`; the server says `docker.socket_path`. */
  socketPathSource?: string;
  /**
   * The engine as a URL: `unix:///path`, `tcp://host:2376` (mutual TLS with `tls`; plain TCP only
   * with `allowPlainTcp`) or `ssh://user@host:22` (with `ssh`). Takes precedence over `socketPath`
   * and `DOCKER_HOST`; an unusable URL is refused at construction.
   */
  host?: string;
  /** How `host` is named in messages. Default `host option`; the server says `docker.host`. */
  hostSource?: string;
  /** CA, certificate and key files for `tcp://` (also used for a `tcp://` `DOCKER_HOST`). */
  tls?: EngineTlsSettings;
  /** Key and known_hosts files for `ssh://` (also used for an `ssh://` `DOCKER_HOST`). */
  ssh?: EngineSshSettings;
  /** Accept `tcp://` without TLS: anyone who can reach the port then drives the engine. Default false. */
  allowPlainTcp?: boolean;
  /** Environment read for `DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH` and `XDG_RUNTIME_DIR`. Default `process.env`. */
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

function hostOptions(options: DockerContainerManagerOptions): DockerHostOptions {
  const settings = { tls: options.tls, ssh: options.ssh, allowPlainTcp: options.allowPlainTcp };
  for (const field of ['keyFile', 'knownHostsFile'] as const) {
    const path = options.ssh?.[field];
    const problem = path === undefined ? undefined : sshPathProblem(path);
    if (problem) throw new ValidationError([{ field: `ssh.${field}`, message: `${JSON.stringify(path)} ${problem}` }]);
  }
  if (options.host !== undefined) {
    const parsed = parseEngineHost(options.host, settings);
    if ('unusable' in parsed) throw new ValidationError([{ field: options.hostSource ?? 'host', message: parsed.unusable }]);
  }
  return { ...settings, host: options.host, hostSource: options.hostSource };
}

/**
 * The {@link ContainerManager} for Docker Engine, on a local socket or a remote engine (`tcp://`
 * with TLS, `ssh://`). Constructing it never touches the engine and never throws but for an
 * invalid `instanceId` or `host`: calls fail with a `RuntimeUnavailableError` until
 * the engine answers.
 *
 * @example
 * const docker = new DockerContainerManager();
 * const web = await docker.create({ image: 'nginx:alpine', name: 'web', ports: { '8080': '80' } });
 * await docker.start(web.id);
 *
 * const remote = new DockerContainerManager({
 *   host: 'ssh://deploy@10.0.0.2',
 *   ssh: { keyFile: '/etc/mikrocloud/id_ed25519', knownHostsFile: '/etc/mikrocloud/known_hosts' },
 * });
 */
export class DockerContainerManager extends EngineApiContainerManager {
  private readonly builderChoice: DockerBuilderChoice;

  constructor(options: DockerContainerManagerOptions = {}) {
    const env = options.env ?? process.env;
    const probe = options.probe ?? probeSocket;
    const host = hostOptions(options);
    super({
      runtime: 'docker',
      discover: () => discoverSocket(dockerSocketCandidates(options.socketPath, env, options.socketPathSource, host), probe),
      ...(options.pullMissingImages === undefined ? {} : { pullMissingImages: options.pullMissingImages }),
      ...(options.pullTimeoutMs === undefined ? {} : { pullTimeoutMs: options.pullTimeoutMs }),
      ...(options.labels === undefined ? {} : { labels: options.labels }),
      ...policySettings(options),
      ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
      ...(options.includeUnmanaged === undefined ? {} : { includeUnmanaged: options.includeUnmanaged }),
    });
    const limited = this.buildDefaults.memoryBytes !== undefined || this.buildDefaults.nanoCpus !== undefined;
    this.builderChoice = new DockerBuilderChoice(this.buildDefaults.builder ?? 'auto', limited);
  }

  /** BuildKit or the legacy builder, as `buildDefaults.builder` says (`auto`: BuildKit where the engine has it and no build limit is set). */
  protected override builder(options: CallOptions): Promise<'buildkit' | 'legacy'> {
    return this.builderChoice.resolve(this.calls, options);
  }
}
