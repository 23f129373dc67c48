import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  CancelledError,
  TimeoutError,
  Labels,
  NotFoundError,
  RuntimeUnavailableError,
  throwIfAborted,
  validateContainerConfig,
  type CallOptions,
  type ContainerConfig,
  type ContainerDetails,
  type ContainerHandle,
  type ContainerInfo,
  type EngineEvent,
  type EventsOptions,
  type ImagePruneResult,
  type PruneImagesOptions,
  type ContainerManager,
  type ContainerState,
  type ImageBuildInput,
  type ImageBuildOptions,
  type ImageBuildResult,
  type BuildFeatures,
  type ImageInfo,
  type ListOptions,
  type PushOptions,
  type RegistryCredentialStore,
  type RegistryTransferOptions,
  type LogLine,
  type LogOptions,
  type MikrocloudError,
  type PortBinding,
  type RemoveOptions,
  type RuntimeInfo,
  type StopOptions,
  type ValidContainerConfig,
  type ExecRequest,
  type ExecSession,
  type WaitAnswer,
  type WaitCondition,
  type WaitOptions,
  checkInstanceId,
  type ConnectNetworkOptions,
  type DisconnectNetworkOptions,
  type NetworkInfo,
  type NetworkSpec,
  type PruneOptions,
  type PruneResult,
  type RemoveVolumeOptions,
  type VolumeInfo,
  type VolumeSpec,
  disposable,
  ignoreNotFound,
} from '@mikrocloud/core';
import { streamEvents } from './events/stream.js';
import { listManagedImages, pruneManagedImages } from './images/housekeeping.js';
import { runtimeInfoOf } from './engine/runtime-info.js';
import { startExec } from './exec/exec.js';
import { checkWaitOptions, waitForCondition } from './health/wait.js';
import type { EngineApiSettings } from './engine/settings.js';
import { applyContainerLimits, checkContainerDefaults, withDefaultHostIp, type ContainerDefaults } from './containers/defaults.js';
import { streamContainerLogs } from './containers/logs.js';
import { normaliseState, portsFromList, toContainerDetails, toCreateBody, type ContainerMappers } from './containers/mapping.js';
import {
  createContainer,
  inScope,
  inspectContainerRaw,
  listContainers,
  removeContainer,
  startContainer,
  stopContainer,
  stopTimeout,
  waitContainer,
  type ContainerScope,
} from './containers/operations.js';
import type { EngineErrorContext } from './engine/errors.js';
import { EngineHttpError, readText, type EngineRequest, type QueryValue } from './engine/http.js';
import type { SocketDiscovery } from './engine/socket-discovery.js';
import { CLIENT_API_VERSION, EngineTransport, signalOf, type EngineCalls } from './engine/transport.js';
import type { EngineContainerInspect, EngineCreateBody, EngineInfo, EngineListPort, EngineVersion } from './engine/types.js';
import { checkBuildTags, defaultBuildQuery, runBuild, type BuildArrangement } from './images/build.js';
import { dockerBuildIdMatcher, type BuildIdMatcher } from './images/build-stream.js';
import { builderQuery } from './images/builder.js';
import { inspectImage, pullImage, removeImage } from './images/operations.js';
import { checkForeignTags, checkPullPolicy, checkRegistryAllowed, normaliseRegistries, registryOf, type PullPolicy } from './images/policy.js';
import { credentialsFor, pullFromRegistry, pushToRegistry, type RegistryContext } from './images/registry.js';
import { registryAuthHeader, secretsOf } from './images/registry-auth.js';
import { buildLimitsQuery, checkBuildDefaults, type BuildDefaults } from './manager-policy.js';
import { connectNetwork, createNetwork, disconnectNetwork, inspectNetwork, listNetworks, removeNetwork } from './networks/operations.js';
import { joinRemainingNetworks, prepareAttachments } from './volumes/attachments.js';
import { checkBindRoots } from './volumes/bind-roots.js';
import { createVolume, inspectVolume, listVolumes, pruneVolumes, removeVolume, type ObjectOwnership } from './volumes/operations.js';

export { CLIENT_API_VERSION } from './engine/transport.js';
export type { BuildArrangement } from './images/build.js';

export type { EngineApiSettings } from './engine/settings.js';

/**
 * A {@link ContainerManager} over the Docker Engine HTTP API on a unix socket. Concrete engines
 * (Docker, Podman's compat API) extend it and override the protected hooks where they differ:
 * {@link mapState}, {@link normaliseImageName}, {@link portsFromList}, {@link isRootless},
 * {@link toRuntimeInfo}, {@link createBody}, {@link buildQuery}, {@link prepareBuild} and
 * {@link buildIdMatcher}.
 *
 * The class composes its parts: `engine/` is the transport (socket discovery, the HTTP client,
 * API-version negotiation, rediscovery after an outage, error mapping), `containers/` the
 * container endpoints, `images/` the image endpoints and builds. Each operation there is a
 * function taking {@link EngineCalls}; a method here delegates to it. A new endpoint family
 * (volumes, networks, exec, events) gets its own folder of such functions.
 */
export abstract class EngineApiContainerManager implements ContainerManager {
  readonly runtime: string;
  protected readonly pullMissingImages: boolean;
  protected readonly pullTimeoutMs: number;
  protected readonly clientApiVersion: string;
  protected readonly extraLabels: Record<string, string>;
  protected readonly buildNetwork: 'bridge' | 'none';
  protected readonly containerDefaults: ContainerDefaults;
  protected readonly buildDefaults: BuildDefaults;
  protected readonly pullPolicy: PullPolicy;
  protected readonly allowedRegistries: readonly string[];
  protected readonly allowForeignTags: boolean;
  /** Where registry credentials come from when a call brings none. */
  protected readonly credentials: RegistryCredentialStore | undefined;
  /** The containers this manager sees (see {@link EngineApiSettings.instanceId}). */
  protected readonly scope: ContainerScope;
  /** Host directories bind mounts may come from (see `ManagerPolicyOptions.allowedBindRoots`). */
  protected readonly allowedBindRoots: readonly string[];
  private readonly transport: EngineTransport;
  /** The requests as this manager makes them: its own (possibly overridden) open/send/call/mapError. */
  protected readonly calls: EngineCalls = {
    open: (req) => this.open(req),
    send: (req) => this.send(req),
    call: (req, context) => this.call(req, context),
    mapError: (err, context) => this.mapError(err, context),
  };

  constructor(settings: EngineApiSettings) {
    this.runtime = settings.runtime;
    this.pullPolicy = checkPullPolicy(settings.pullPolicy) ?? (settings.pullMissingImages === false ? 'never' : 'missing');
    this.pullMissingImages = this.pullPolicy !== 'never';
    this.containerDefaults = checkContainerDefaults(settings.containerDefaults);
    this.buildDefaults = checkBuildDefaults(settings.buildDefaults);
    this.allowedRegistries = normaliseRegistries(settings.allowedRegistries);
    this.allowForeignTags = settings.allowForeignTags ?? false;
    this.credentials = settings.credentials;
    this.pullTimeoutMs = settings.pullTimeoutMs ?? 120_000;
    this.clientApiVersion = settings.clientApiVersion ?? CLIENT_API_VERSION;
    this.extraLabels = { ...(settings.labels ?? {}) };
    this.transport = new EngineTransport(settings.discover, this.clientApiVersion);
    this.buildNetwork = this.buildDefaults.network ?? settings.buildNetwork ?? 'bridge';
    this.scope = {
      ...(settings.instanceId === undefined ? {} : { instanceId: checkInstanceId(settings.instanceId) }),
      includeUnmanaged: settings.includeUnmanaged ?? false,
    };
    this.allowedBindRoots = checkBindRoots(settings.allowedBindRoots);
  }

  /** Which volumes and networks are this manager's, and the labels it gives new ones. */
  protected get owner(): ObjectOwnership {
    return { scope: this.scope, extraLabels: this.extraLabels };
  }

  /** The socket in use. */
  get socketPath(): string {
    return this.transport.socketPath;
  }

  /** How the socket was chosen: the chosen candidate and every skipped one with its reason. */
  get discovery(): SocketDiscovery {
    return this.transport.discovery;
  }

  /** The API version in use, once negotiated (e.g. `1.41`). */
  get apiVersion(): string | undefined {
    return this.transport.apiVersion;
  }

  /**
   * Lets go of the connections this manager keeps open: an `ssh://` engine's ssh connections stop
   * once their running streams end. The manager stays usable; a later call connects again.
   */
  async close(): Promise<void> {
    this.transport.close();
  }

  // ---- hooks ------------------------------------------------------------------------------

  /** Maps the engine's state word to the core enum. */
  protected mapState(engineState: string | undefined): ContainerState {
    return normaliseState(engineState);
  }

  /** Maps an image name as the engine reports it to the form users write. */
  protected normaliseImageName(engineImage: string): string {
    return engineImage;
  }

  /** Published ports from a list result. */
  protected portsFromList(ports: EngineListPort[] | null | undefined): PortBinding[] {
    return portsFromList(ports);
  }

  /** Whether the engine runs rootless, from its `/info`. */
  protected isRootless(info: EngineInfo): boolean {
    return (info.SecurityOptions ?? []).some((o) => o.split(',').includes('name=rootless'));
  }

  /** Builds {@link RuntimeInfo} from `/version` and `/info`. */
  protected toRuntimeInfo(version: EngineVersion, info: EngineInfo): RuntimeInfo {
    return runtimeInfoOf(this.runtime, this.socketPath, this.isRootless(info), version, info, this.transport.discoveryWarnings());
  }

  /** The `POST /containers/create` body, with the manager's labels and {@link containerDefaults} limits. */
  protected createBody(config: ValidContainerConfig): EngineCreateBody {
    const body = applyContainerLimits(toCreateBody(config), this.containerDefaults);
    body.Labels = { ...body.Labels, ...this.extraLabels };
    if (this.scope.instanceId !== undefined) body.Labels[Labels.instance] = this.scope.instanceId;
    return body;
  }

  /** The query of `POST /build`. `pull` is never set: bases must come from the local store. */
  protected buildQuery(input: ImageBuildInput): Record<string, QueryValue> {
    // Docker's builder runs steps on its bridge unless told otherwise; `host` is never asked for.
    return {
      ...defaultBuildQuery(input, this.extraLabels),
      ...buildLimitsQuery(this.buildDefaults),
      networkmode: this.buildNetwork === 'none' ? 'none' : undefined,
    };
  }

  /**
   * Sets up what one build needs besides `POST /build` (none by default: Docker Engine stops a
   * build when its connection closes). An engine that keeps building after the client went away
   * returns how to stop it ({@link BuildArrangement}).
   */
  protected async prepareBuild(_input: ImageBuildInput, _options: ImageBuildOptions): Promise<BuildArrangement | undefined> {
    return undefined;
  }

  /**
   * The engine's words for a missing container, so one outside the scope answers exactly as a
   * missing one does.
   */
  protected missingContainerMessage(idOrName: string): string {
    return `No such container: ${idOrName}`;
  }

  /**
   * Which of Docker Engine's builders runs the next build (`POST /build` `version`); undefined
   * (the default) leaves the choice to the engine.
   */
  protected async builder(_options: CallOptions): Promise<'buildkit' | 'legacy' | undefined> {
    return undefined;
  }

  /** Finds the image id in build output when the engine sends no `aux.ID` event. */
  protected get buildIdMatcher(): BuildIdMatcher {
    return dockerBuildIdMatcher;
  }

  /** The mappers used for list and inspect results, built from the hooks. */
  protected get mappers(): ContainerMappers {
    return {
      state: (s) => this.mapState(s),
      imageName: (i) => this.normaliseImageName(i),
      listPorts: (p) => this.portsFromList(p),
    };
  }

  // ---- transport (engine/) ------------------------------------------------------------------

  /** Opens a request (negotiating the API version first). Raw errors: callers map them. */
  protected open(req: EngineRequest): Promise<IncomingMessage> {
    return this.transport.open(req);
  }

  /** Sends a request and parses its JSON answer (undefined for an empty body). */
  protected send<T>(req: EngineRequest): Promise<T> {
    return this.transport.send<T>(req, (r) => this.open(r));
  }

  /** {@link send}, with failures mapped to mikrocloud errors. */
  protected async call<T>(req: EngineRequest, context: EngineErrorContext = {}): Promise<T> {
    throwIfAborted(req.signal);
    try {
      return await this.send<T>(req);
    } catch (err) {
      throw this.mapError(err, { ...context, ...(req.signal ? { signal: req.signal } : {}) });
    }
  }

  /** Maps an error, adding where the engine was looked for when it could not be reached. */
  protected mapError(err: unknown, context: EngineErrorContext = {}): MikrocloudError {
    return this.transport.mapError(err, context);
  }

  // ---- engine -----------------------------------------------------------------------------

  async ping(options: CallOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    try {
      // The answer is plain `OK`, not JSON: read it without parsing.
      await readText(await this.open({ method: 'GET', path: '/_ping', unversioned: true, ...signalOf(options) }));
    } catch (err) {
      const mapped = this.mapError(err, signalOf(options));
      if (mapped instanceof CancelledError || mapped instanceof TimeoutError || mapped instanceof RuntimeUnavailableError) throw mapped;
      throw new RuntimeUnavailableError(`container engine at ${this.socketPath} does not answer: ${mapped.message}`, { cause: err });
    }
  }

  async info(options: CallOptions = {}): Promise<RuntimeInfo> {
    const [version, info] = await Promise.all([
      this.call<EngineVersion>({ method: 'GET', path: '/version', ...signalOf(options) }),
      this.call<EngineInfo>({ method: 'GET', path: '/info', ...signalOf(options) }),
    ]);
    return this.toRuntimeInfo(version, info);
  }

  // ---- containers (containers/) -------------------------------------------------------------

  list(options: ListOptions = {}): Promise<ContainerInfo[]> {
    return listContainers(this.calls, this.mappers, options, this.scope);
  }

  async inspect(idOrName: string, options: CallOptions = {}): Promise<ContainerDetails> {
    const raw = await this.inspectRaw(idOrName, options);
    return toContainerDetails(raw, this.mappers);
  }

  /**
   * The engine's own inspect answer, for hooks that need more than {@link ContainerDetails}. A
   * container outside the manager's scope is a `NotFoundError`, worded as for a missing one.
   */
  protected async inspectRaw(idOrName: string, options: CallOptions = {}): Promise<EngineContainerInspect> {
    const raw = await inspectContainerRaw(this.calls, idOrName, options);
    if (!inScope(this.scope, raw.Config?.Labels)) {
      throw this.mapError(new EngineHttpError(404, this.missingContainerMessage(idOrName)), { subject: `container "${idOrName}"`, action: 'inspect' });
    }
    return raw;
  }

  /** The id of a container in the scope (for an operation that does not inspect by itself). */
  private async scopedId(idOrName: string, options: CallOptions): Promise<string> {
    if (this.scope.includeUnmanaged) return idOrName;
    return (await this.inspectRaw(idOrName, options)).Id ?? idOrName;
  }

  async create(config: ContainerConfig, options: CallOptions = {}): Promise<ContainerHandle> {
    const checked = withDefaultHostIp(validateContainerConfig(config), this.containerDefaults.hostIp);
    const valid = await prepareAttachments(this.calls, this.owner, this.allowedBindRoots, checked, options);
    const steps = {
      body: this.createBody(valid),
      pullMissingImages: this.pullMissingImages,
      pullFirst: this.pullPolicy === 'always',
      pull: (image: string, signal: AbortSignal | undefined) => this.pullMissingImage(image, signal),
    };
    const id = await createContainer(this.calls, valid, steps, options);
    await joinRemainingNetworks(this.calls, this.owner, id, valid, options, () => removeContainer(this.calls, id, { force: true }));
    return disposable(await this.inspect(id, options), () => this.remove(id, { force: true }).catch(ignoreNotFound));
  }

  /**
   * Pulls one image once, bounded by {@link pullTimeoutMs}; any failure is a NotFoundError naming
   * it. An image from a registry outside {@link allowedRegistries} is a ForbiddenError, before any request.
   */
  protected async pullMissingImage(image: string, signal: AbortSignal | undefined): Promise<void> {
    checkRegistryAllowed(image, this.allowedRegistries);
    const auth = await credentialsFor(this.credentials, image);
    const header = auth ? { header: registryAuthHeader(auth, registryOf(image)), secrets: secretsOf(auth) } : undefined;
    return pullImage(this.calls, image, this.pullTimeoutMs, signal, header);
  }

  async start(idOrName: string, options: CallOptions = {}): Promise<ContainerDetails> {
    const id = await this.scopedId(idOrName, options);
    await startContainer(this.calls, id, options);
    return this.inspect(id, options);
  }

  async stop(idOrName: string, options: StopOptions = {}): Promise<ContainerDetails> {
    stopTimeout(options);
    const id = await this.scopedId(idOrName, options);
    await stopContainer(this.calls, id, 'stop', options);
    return this.inspect(id, options);
  }

  async restart(idOrName: string, options: StopOptions = {}): Promise<ContainerDetails> {
    stopTimeout(options);
    const id = await this.scopedId(idOrName, options);
    await stopContainer(this.calls, id, 'restart', options);
    return this.inspect(id, options);
  }

  /** Removes the container and its anonymous volumes (named volumes are kept). */
  async remove(idOrName: string, options: RemoveOptions = {}): Promise<void> {
    return removeContainer(this.calls, await this.scopedId(idOrName, options), options);
  }

  /** Waits for the container to exit (the engine's wait), become healthy or be removed (polled). */
  async wait<C extends WaitCondition = 'exited'>(idOrName: string, options: WaitOptions<C> = {}): Promise<WaitAnswer<C>> {
    checkWaitOptions(options);
    const id = await this.scopedId(idOrName, options);
    const answer = await waitForCondition(idOrName, id, options, {
      inspect: (ref, o) => this.inspectForHealth(ref, o),
      waitExited: (ref, o) => waitContainer(this.calls, ref, o),
    });
    return answer as WaitAnswer<C>;
  }

  /**
   * Inspect as a wait for health sees it. Engines whose health checks do not run by themselves
   * (Podman without systemd) run one here when it is due.
   */
  protected inspectForHealth(idOrName: string, options: CallOptions = {}): Promise<EngineContainerInspect> {
    return this.inspectRaw(idOrName, options);
  }

  /** Runs a command in a running container of the scope (see `exec/`). */
  exec(idOrName: string, request: ExecRequest, options: CallOptions = {}): Promise<ExecSession> {
    return startExec(this.calls, (id, o) => this.inspectRaw(id, o), idOrName, request, options);
  }

  /**
   * Streams the container's output as lines. Aborting the signal, or leaving a `for await` early,
   * ends the iteration and closes the HTTP stream; an abort ends it quietly rather than throwing.
   */
  logs(idOrName: string, options: LogOptions = {}): AsyncGenerator<LogLine> {
    return streamContainerLogs(this.calls, (id, o) => this.inspectRaw(id, o), idOrName, options);
  }

  // ---- volumes (volumes/) and networks (networks/): only this manager's, see ObjectOwnership ----

  createVolume(spec: VolumeSpec = {}, o: CallOptions = {}): Promise<VolumeInfo> { return createVolume(this.calls, this.owner, spec, o); }
  listVolumes(o: CallOptions = {}): Promise<VolumeInfo[]> { return listVolumes(this.calls, this.owner, o); }
  inspectVolume(name: string, o: CallOptions = {}): Promise<VolumeInfo> { return inspectVolume(this.calls, this.owner, name, o); }
  removeVolume(name: string, o: RemoveVolumeOptions = {}): Promise<void> { return removeVolume(this.calls, this.owner, name, o); }
  pruneVolumes(o: PruneOptions = {}): Promise<PruneResult> { return pruneVolumes(this.calls, this.owner, o); }
  createNetwork(spec: NetworkSpec, o: CallOptions = {}): Promise<NetworkInfo> { return createNetwork(this.calls, this.owner, spec, o); }
  listNetworks(o: CallOptions = {}): Promise<NetworkInfo[]> { return listNetworks(this.calls, this.owner, o); }
  inspectNetwork(name: string, o: CallOptions = {}): Promise<NetworkInfo> { return inspectNetwork(this.calls, this.owner, name, o); }
  removeNetwork(name: string, o: CallOptions = {}): Promise<void> { return removeNetwork(this.calls, this.owner, name, o); }
  async connectNetwork(network: string, container: string, o: ConnectNetworkOptions = {}): Promise<void> { return connectNetwork(this.calls, this.owner, network, await this.scopedId(container, o), o); }
  async disconnectNetwork(network: string, container: string, o: DisconnectNetworkOptions = {}): Promise<void> { return disconnectNetwork(this.calls, this.owner, network, await this.scopedId(container, o), o); }
  // ---- events (events/) ---------------------------------------------------------------------

  /** See {@link ContainerManager.events}: the engine's `/events`, normalised and confined to the scope. */
  events(options: EventsOptions = {}): AsyncGenerator<EngineEvent> {
    return streamEvents(this.calls, this.scope, options);
  }

  // ---- images (images/) ---------------------------------------------------------------------

  listImages(options: CallOptions = {}): Promise<ImageInfo[]> {
    return listManagedImages(this.calls, this.scope, (n) => this.normaliseImageName(n), options);
  }

  pruneImages(options: PruneImagesOptions = {}): Promise<ImagePruneResult> {
    return pruneManagedImages(this.calls, this.scope, (n) => this.normaliseImageName(n), options);
  }

  async imageExists(ref: string, options: CallOptions = {}): Promise<boolean> {
    try {
      await this.inspectImage(ref, options);
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  inspectImage(ref: string, options: CallOptions = {}): Promise<ImageInfo> {
    return inspectImage(this.calls, (name) => this.normaliseImageName(name), ref, options);
  }

  removeImage(ref: string, options: CallOptions & { force?: boolean } = {}): Promise<void> {
    return removeImage(this.calls, ref, options);
  }

  /** What pulls and pushes need from this manager (images/registry.ts). */
  protected get registryContext(): RegistryContext {
    return { calls: this.calls, allowedRegistries: this.allowedRegistries, credentials: this.credentials, scope: this.scope, inspectImage: (ref, o) => this.inspectImage(ref, o) };
  }

  pullImage(ref: string, options: RegistryTransferOptions = {}): Promise<ImageInfo> {
    return pullFromRegistry(this.registryContext, ref, options);
  }

  pushImage(ref: string, options: PushOptions = {}): Promise<void> {
    return pushToRegistry(this.registryContext, ref, options);
  }

  /**
   * Builds the image. A tag present locally whose image lacks the build label (base images,
   * other programs' images) is a ConflictError unless `allowForeignTags`; every image built here
   * carries the label (the input's `io.mikrocloud.build.id`, else a fresh id).
   */
  async buildImage(built: ImageBuildInput, options: ImageBuildOptions = {}): Promise<ImageBuildResult> {
    checkBuildTags(built);
    const instance: Record<string, string> = this.scope.instanceId === undefined ? {} : { [Labels.instance]: this.scope.instanceId };
    const input = { ...built, labels: { [Labels.buildId]: randomUUID(), ...built.labels, ...instance } };
    const signal = options.signal;
    throwIfAborted(signal);
    if (!this.allowForeignTags) await checkForeignTags(input.tags, (ref) => this.inspectImage(ref, options));
    const builder = await this.builder(options);
    const arrangement = await this.prepareBuild(input, options);
    try {
      return await runBuild(this.calls, input, options, {
        query: { ...this.buildQuery(input), ...(builder === undefined ? {} : builderQuery(builder)) },
        buildIdMatcher: this.buildIdMatcher,
        arrangement,
        inspectImage: (ref) => this.inspectImage(ref, options),
      });
    } finally {
      await arrangement?.release({ aborted: signal?.aborted === true });
    }
  }

  /** What the next build's builder supports (see `BuildFeatures`). */
  async buildFeatures(options: CallOptions = {}): Promise<BuildFeatures> {
    const builder = await this.builder(options);
    return builder === undefined ? { builder: this.runtime, cacheMounts: false } : { builder, cacheMounts: builder === 'buildkit' };
  }
}
