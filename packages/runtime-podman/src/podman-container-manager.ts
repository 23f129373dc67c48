import {
  Labels,
  NotFoundError,
  shortImageName,
  throwIfAborted,
  type CallOptions,
  type ContainerDetails,
  type ContainerHandle,
  type ContainerConfig,
  type ContainerInfo,
  type ListOptions,
  type ValidContainerConfig,
  type RuntimeInfo,
  type ImageBuildInput,
  type ImageBuildOptions,
  type ImageBuildResult,
  type BuildFeatures,
  type Logger,
} from '@mikrocloud/core';
import { discoverSocket, probeSocket, type ManagerPolicyOptions, type SocketProbe } from '@mikrocloud/runtime-docker';
import {
  EngineApiContainerManager,
  EngineHttpError,
  envToRecord,
  policySettings,
  toContainerDetails,
  type BuildArrangement,
  type BuildIdMatcher,
  type EngineContainerInspect,
  type EngineCreateBody,
  type EngineErrorContext,
  type EngineImageInspect,
  type EngineInfo,
  type EngineVersion,
} from '@mikrocloud/runtime-docker/internal';
import { checkBuildContext, dockerfilePathOf, unconfinedMountsError } from './build-context-check.js';
import { BuildGuards, type BuildNetwork } from './build-guard.js';
import { buildahWarning } from './buildah-version.js';
import { buildahCacheMountsUsable } from './cache-mounts.js';
import { withCompatDefaultNetwork } from './default-network.js';
import { HealthCheckDriver, podmanHealthTest, withListHealth } from './health-checks.js';
import { NO_BUILD_LIMITS, limitsWarning, missingControllers, requestedLimits } from './resource-limits.js';
import { podmanSocketCandidates } from './socket-discovery.js';

/** The libpod API version this package speaks for the endpoints the compat API lacks. */
export const LIBPOD_API_VERSION = '4.0.0';

/** @deprecated Use `Logger` from `@mikrocloud/core`. */
export type PodmanLogger = Logger;

/** Options of {@link PodmanContainerManager}. */
export interface PodmanContainerManagerOptions extends ManagerPolicyOptions {
  /** The Podman service socket. When set it is used even while nothing listens there yet. */
  socketPath?: string;
  /** How the configured socket is named in messages. Default `socketPath option`; the server says `docker.socket_path`. */
  socketPathSource?: string;
  /**
   * Whether the configuration expects a rootless service. The engine's own answer is what `info`
   * reports; when the two disagree, `info().warnings` says so and a warning is logged.
   */
  configuredRootless?: boolean;
  /** Environment read for `CONTAINER_HOST` and `XDG_RUNTIME_DIR`. Default `process.env`. */
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
  /** Receives warnings (a rootless mismatch). Default `console`. */
  logger?: Logger;
  /**
   * Defaults of every build. `network`: the network of the build's steps, `bridge` (default: a
   * private network with a way out, slirp4netns when rootless) or `none` (loopback only). Never
   * the host's. `memoryBytes` and `nanoCpus`: the steps' memory and CPU limits.
   */
  buildDefaults?: { network?: BuildNetwork; memoryBytes?: number; nanoCpus?: number };
  /**
   * Send Dockerfiles whose `RUN --mount` buildah cannot confine (cache ids and bind sources that
   * are absolute or climb out, bind sources through a symbolic link) to the engine anyway.
   * Default false: such a build is refused with an `UnprocessableError` naming the lines.
   */
  allowUnconfinedMounts?: boolean;
}

/** Podman's wording for the conflicts it reports as 500. */
const PODMAN_CONFLICT = /already in use|container state improper|cannot be removed without force/i;

/** Podman's wording, with a 500, for a container removed while it was being read. */
const PODMAN_GONE = /does not exist in database: no such container/i;

/**
 * Podman answers an inspect with a 500 when it reads the container's /proc entry just as the
 * process exits (`read /proc/<pid>/cgroup: no such process`); asked again a moment later it
 * answers normally.
 */
const PODMAN_EXIT_RACE = /\/proc\/[0-9]+\/[a-z]+: no such process/;
const EXIT_RACE_RETRIES = 5;
const EXIT_RACE_PAUSE_MS = 50;

/** Whether an inspect failed only because Podman read the /proc entry of a container that was exiting. */
export function isPodmanExitRace(err: unknown): boolean {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof EngineHttpError && cause.statusCode === 500 && PODMAN_EXIT_RACE.test(cause.message);
}

/** The parts of `GET /libpod/info` mikrocloud reads. */
interface LibpodInfo {
  host?: {
    buildahVersion?: string;
    arch?: string;
    os?: string;
    kernel?: string;
    cpus?: number;
    memTotal?: number;
    cgroupVersion?: string;
    cgroupControllers?: string[];
    security?: { rootless?: boolean };
  };
  store?: { graphDriverName?: string };
  version?: { Version?: string; APIVersion?: string };
}

/**
 * Variables Podman adds to a container's environment that Docker does not show: `container` and
 * `TERM` at creation, `HOME` and `HOSTNAME` once it has started. Each is left out of
 * `environment` when it has the value Podman gives it and the image does not set it.
 */
export function podmanInjectedEnv(c: EngineContainerInspect): Record<string, string> {
  const user = c.Config?.User ?? '';
  const injected: Record<string, string> = { container: 'podman', TERM: 'xterm' };
  if (c.Config?.Hostname) injected.HOSTNAME = c.Config.Hostname;
  if (user === '' || user === 'root' || user === '0' || user.startsWith('0:') || user.startsWith('root:')) injected.HOME = '/root';
  return injected;
}

/** The environment without what Podman added itself (see {@link podmanInjectedEnv}). */
export function withoutInjectedEnv(
  environment: Record<string, string>,
  injected: Record<string, string>,
  imageEnv: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    if (injected[key] === value && imageEnv[key] !== value) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Buildah prints the new image's full id on a line of its own after `COMMIT`. Docker's
 * `Successfully built` summary, which the compat API adds afterwards, holds only a short id, so
 * it is not read. Used only when the engine sends no `aux.ID` event.
 */
export const podmanBuildIdMatcher: BuildIdMatcher = (line) => /^([0-9a-f]{64})\s*$/.exec(line)?.[1];

/**
 * The {@link ContainerManager} for Podman, through its Docker-compatible API (plus libpod's own
 * endpoints where the compat API says too little). Answers have Docker's shape: image names as
 * the user wrote them (`docker.io/library/x` and `localhost/x` become `x`), `configured` and
 * `stopped` states as `created` and `exited`, ports with their host address. `info().rootless`
 * is what the engine reports. Constructing it never touches the engine and never throws but for an
 * invalid `instanceId`.
 *
 * @example
 * const podman = new PodmanContainerManager({ configuredRootless: true });
 * const web = await podman.create({ image: 'nginx:alpine', name: 'web', ports: { '8080': '80' } });
 * await podman.start(web.id);
 */
export class PodmanContainerManager extends EngineApiContainerManager {
  /** What the configuration expects, if it says; compared with the engine in {@link info}. */
  readonly configuredRootless: boolean | undefined;
  private readonly logger: Logger;
  private readonly allowUnconfinedMounts: boolean;
  private mismatchLogged = false;
  /** Socket → whether the service there runs rootless (asked once per socket, for build guards). */
  private readonly rootlessBySocket = new Map<string, boolean>();
  /** Socket → the cgroup controllers the service there can use (asked once per socket, for build limits). */
  private readonly controllersBySocket = new Map<string, string[]>();

  constructor(options: PodmanContainerManagerOptions = {}) {
    const env = options.env ?? process.env;
    const probe = options.probe ?? probeSocket;
    super({
      runtime: 'podman',
      discover: () => discoverSocket(podmanSocketCandidates(options.socketPath, env, options.socketPathSource), probe),
      ...(options.pullMissingImages === undefined ? {} : { pullMissingImages: options.pullMissingImages }),
      ...(options.pullTimeoutMs === undefined ? {} : { pullTimeoutMs: options.pullTimeoutMs }),
      ...(options.labels === undefined ? {} : { labels: options.labels }),
      ...policySettings(options),
      ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
      ...(options.includeUnmanaged === undefined ? {} : { includeUnmanaged: options.includeUnmanaged }),
    });
    this.configuredRootless = options.configuredRootless;
    this.allowUnconfinedMounts = options.allowUnconfinedMounts ?? false;
    this.logger = options.logger ?? console;
  }

  /** Podman answers some conflicts with a 500 where Docker sends 409 (a taken name, a running container), and a container removed mid-read with a 500 where Docker sends 404. */
  protected override mapError(err: unknown, context: EngineErrorContext = {}) {
    if (err instanceof EngineHttpError && err.statusCode === 500 && PODMAN_CONFLICT.test(err.message)) {
      return super.mapError(new EngineHttpError(409, err.message), context);
    }
    if (err instanceof EngineHttpError && err.statusCode === 500 && PODMAN_GONE.test(err.message)) {
      return super.mapError(new EngineHttpError(404, err.message), context);
    }
    return super.mapError(err, context);
  }

  protected override missingContainerMessage(idOrName: string): string {
    return `no container with name or ID "${idOrName}" found: no such container`;
  }

  /** Inspect, asked again when Podman trips over a container exiting at that very moment. */
  protected override async inspectRaw(idOrName: string, options: CallOptions = {}): Promise<EngineContainerInspect> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await super.inspectRaw(idOrName, options);
      } catch (err) {
        if (attempt >= EXIT_RACE_RETRIES || !isPodmanExitRace(err)) throw err;
        throwIfAborted(options.signal);
        await new Promise((resolve) => setTimeout(resolve, EXIT_RACE_PAUSE_MS * (attempt + 1)));
      }
    }
  }

  /** Image id → its environment; an image's configuration never changes under the same id. */
  private readonly imageEnv = new Map<string, Record<string, string>>();

  /**
   * Inspect as on Docker: `environment` is the image's and the caller's variables, without the
   * ones Podman adds by itself (`container=podman`, `TERM=xterm`, `HOME`, `HOSTNAME`); the
   * default network is `bridge`.
   */
  override async inspect(idOrName: string, options: CallOptions = {}): Promise<ContainerDetails> {
    const raw = await this.inspectForHealth(idOrName, options);
    const details = toContainerDetails(raw, this.mappers);
    details.environment = withoutInjectedEnv(details.environment, podmanInjectedEnv(raw), await this.environmentOfImage(raw.Image, options));
    details.networks = withCompatDefaultNetwork(details.networks);
    return details;
  }

  private readonly healthChecks = new HealthCheckDriver(this.calls, `/v${LIBPOD_API_VERSION}`);

  /** Inspect, after running a health check that is due (see `health-checks.ts`: Podman's own timers need systemd). */
  protected override async inspectForHealth(idOrName: string, options: CallOptions = {}): Promise<EngineContainerInspect> {
    return this.healthChecks.refresh(await this.inspectRaw(idOrName, options), (id, o) => this.inspectRaw(id, o), options);
  }

  /** The list as on Docker, with each container's health status from libpod's list. */
  override async list(options: ListOptions = {}): Promise<ContainerInfo[]> {
    const everything = this.scope.includeUnmanaged && options.all === true;
    const labelFilter = everything ? [] : [`${Labels.managed}=true`];
    return withListHealth(this.calls, `/v${LIBPOD_API_VERSION}`, super.list(options), labelFilter, options);
  }

  /** Creates as on Docker; asked for limits, it first learns which cgroup controllers the service has (once per socket). */
  override async create(config: ContainerConfig, options: CallOptions = {}): Promise<ContainerHandle> {
    if (config.resources && !this.controllersBySocket.has(this.socketPath)) await this.serviceRootless(options.signal);
    return super.create(config, options);
  }

  /**
   * The create body as on Docker, with the health check spelled so Podman keeps its argv. Limits
   * the service has no cgroup controller for are dropped by Podman (inspect then reports them as
   * null), and a warning says so.
   */
  protected override createBody(config: ValidContainerConfig): EngineCreateBody {
    const body = super.createBody(config);
    if (config.healthcheck && body.Healthcheck) body.Healthcheck.Test = podmanHealthTest(config.healthcheck);
    const controllers = this.controllersBySocket.get(this.socketPath);
    const missing = missingControllers(controllers ?? ['memory', 'cpu', 'pids'], requestedLimits(config.resources));
    const warning = limitsWarning(missing, 'containers');
    if (warning) this.logger.warn(`[mikrocloud] ${warning}`);
    return body;
  }

  private async environmentOfImage(imageId: string | undefined, options: CallOptions): Promise<Record<string, string>> {
    if (!imageId) return {};
    const known = this.imageEnv.get(imageId);
    if (known) return known;
    try {
      const image = await this.call<EngineImageInspect>({
        method: 'GET',
        path: `/images/${encodeURIComponent(imageId)}/json`,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const env = envToRecord(image.Config?.Env);
      if (this.imageEnv.size >= 256) this.imageEnv.clear();
      this.imageEnv.set(imageId, env);
      return env;
    } catch (err) {
      // The image may be gone (removed while the container lives on): it then sets nothing.
      if (err instanceof NotFoundError) return {};
      throw err;
    }
  }

  protected override normaliseImageName(engineImage: string): string {
    return shortImageName(engineImage);
  }

  protected override get buildIdMatcher(): BuildIdMatcher {
    return podmanBuildIdMatcher;
  }

  private readonly buildGuards = new BuildGuards(
    {
      call: (req) => this.call(req),
      labels: this.extraLabels,
      rootless: (signal) => this.serviceRootless(signal),
      warn: (message) => this.logger.warn(message),
    },
    this.buildNetwork,
  );

  private async serviceRootless(signal: AbortSignal | undefined): Promise<boolean> {
    const socket = this.socketPath;
    const known = this.rootlessBySocket.get(socket);
    if (known !== undefined) return known;
    const libpod = await this.libpodInfo(signal);
    const rootless = libpod?.host?.security?.rootless === true;
    this.rootlessBySocket.set(socket, rootless);
    this.controllersBySocket.set(socket, libpod?.host?.cgroupControllers ?? []);
    return rootless;
  }

  /** The build limits the service cannot apply: a step asked for them would fail to start. */
  private async unsupportedBuildLimits(signal: AbortSignal | undefined): Promise<string[]> {
    const wanted = { memory: this.buildDefaults.memoryBytes !== undefined, cpu: this.buildDefaults.nanoCpus !== undefined, pids: false };
    if (!wanted.memory && !wanted.cpu) return [];
    if (!this.controllersBySocket.has(this.socketPath)) await this.serviceRootless(signal);
    return missingControllers(this.controllersBySocket.get(this.socketPath), wanted);
  }

  private libpodInfo(signal: AbortSignal | undefined): Promise<LibpodInfo> {
    return this.call<LibpodInfo>({ method: 'GET', path: `/v${LIBPOD_API_VERSION}/libpod/info`, unversioned: true, ...(signal ? { signal } : {}) });
  }

  /**
   * Builds as on Docker, once the context has been read and its Dockerfile checked: a `RUN
   * --mount` buildah cannot confine is refused with an `UnprocessableError` naming its line
   * before anything reaches the engine (unless `allowUnconfinedMounts`). See
   * `build-context-check.ts`.
   */
  override async buildImage(input: ImageBuildInput, options: ImageBuildOptions = {}): Promise<ImageBuildResult> {
    throwIfAborted(options.signal);
    const checked = await checkBuildContext(input, options.signal);
    try {
      if (checked.unconfinedMounts.length > 0 && !this.allowUnconfinedMounts) {
        throw unconfinedMountsError(dockerfilePathOf(input.dockerfile), checked.unconfinedMounts);
      }
      return await super.buildImage({ ...input, context: checked.context() }, options);
    } finally {
      await checked.dispose();
    }
  }

  /** Buildah; cache mounts where no other user of the host shares them (see `cache-mounts.ts`). */
  override async buildFeatures(options: CallOptions = {}): Promise<BuildFeatures> {
    return { builder: 'buildah', cacheMounts: await buildahCacheMountsUsable(await this.serviceRootless(options.signal)) };
  }

  /**
   * Podman keeps building after the client went away, and runs steps in the host's network
   * namespace unless told otherwise; each build runs in a guard's PID and network namespaces, and
   * removing the guard when the build is cancelled or timed out ends its steps (see
   * `build-guard.ts`).
   */
  protected override async prepareBuild(input: ImageBuildInput, options: ImageBuildOptions): Promise<BuildArrangement | undefined> {
    const unsupported = await this.unsupportedBuildLimits(options.signal);
    const arrangement = await this.buildGuards.arrange(input, options.signal);
    if (unsupported.length === 0) return arrangement;
    // Without the controllers, runc cannot start a step asked for limits: build without them
    // (`info().warnings` says so).
    const query = { ...arrangement?.query, ...NO_BUILD_LIMITS };
    return arrangement ? { ...arrangement, query } : { query, release: async () => undefined };
  }

  /**
   * Compat `/version` for the API version, libpod `/info` for the rest: the compat `/info` does
   * not say whether the service is rootless.
   */
  override async info(options: CallOptions = {}): Promise<RuntimeInfo> {
    throwIfAborted(options.signal);
    const signal = options.signal ? { signal: options.signal } : {};
    const [version, libpod] = await Promise.all([
      this.call<EngineVersion>({ method: 'GET', path: '/version', ...signal }),
      this.libpodInfo(options.signal),
    ]);
    const host = libpod?.host ?? {};
    const compat: EngineInfo = {
      ...(host.os === undefined ? {} : { OSType: host.os }),
      ...(host.arch === undefined ? {} : { Architecture: host.arch }),
      ...(host.kernel === undefined ? {} : { KernelVersion: host.kernel }),
      ...(host.cpus === undefined ? {} : { NCPU: host.cpus }),
      ...(host.memTotal === undefined ? {} : { MemTotal: host.memTotal }),
      ...(host.cgroupVersion === undefined ? {} : { CgroupVersion: host.cgroupVersion.replace(/^v/, '') }),
      ...(libpod?.store?.graphDriverName === undefined ? {} : { Driver: libpod.store.graphDriverName }),
      ...(libpod?.version?.Version === undefined ? {} : { ServerVersion: libpod.version.Version }),
    };
    const info = this.toRuntimeInfo({ ...version, ...(libpod?.version?.Version ? { Version: libpod.version.Version } : {}) }, compat);
    info.rootless = host.security?.rootless === true;
    this.rootlessBySocket.set(this.socketPath, info.rootless);
    this.controllersBySocket.set(this.socketPath, host.cgroupControllers ?? []);
    info.warnings.push(...this.limitsWarnings(host.cgroupControllers));
    const builds = buildahWarning(host.buildahVersion, { network: this.buildNetwork, allowUnconfinedMounts: this.allowUnconfinedMounts });
    if (builds) info.warnings.push(builds);
    if (this.configuredRootless !== undefined && this.configuredRootless !== info.rootless) {
      const warning =
        `configured as ${this.configuredRootless ? 'rootless' : 'rootful'}, but the Podman service at ` +
        `${this.socketPath} runs ${info.rootless ? 'rootless' : 'rootful'}`;
      info.warnings.push(warning);
      // Once per manager: info() is polled by health checks.
      if (!this.mismatchLogged) this.logger.warn(`[mikrocloud] ${warning}`);
      this.mismatchLogged = true;
    }
    return info;
  }

  /** Warnings for configured limits the service has no cgroup controller for. */
  private limitsWarnings(controllers: string[] | undefined): string[] {
    const c = this.containerDefaults;
    const b = this.buildDefaults;
    const containers = missingControllers(controllers, { memory: c.memoryBytes !== undefined, cpu: c.nanoCpus !== undefined, pids: c.pidsLimit !== undefined });
    const builds = missingControllers(controllers, { memory: b.memoryBytes !== undefined, cpu: b.nanoCpus !== undefined, pids: false });
    return [limitsWarning(containers, 'containers'), limitsWarning(builds, 'builds')].filter((w): w is string => w !== undefined);
  }
}
