import type { IncomingMessage } from 'node:http';
import {
  BuildError,
  CancelledError,
  NotFoundError,
  RuntimeError,
  RuntimeUnavailableError,
  ValidationError,
  isImageReference,
  isMikrocloudError,
  parseImageReference,
  throwIfAborted,
  validateContainerConfig,
  Labels,
  type CallOptions,
  type ContainerConfig,
  type ContainerDetails,
  type ContainerInfo,
  type ContainerManager,
  type ContainerState,
  type ImageBuildInput,
  type ImageBuildOptions,
  type ImageBuildResult,
  type ImageInfo,
  type ListOptions,
  type LogLine,
  type LogOptions,
  type PortBinding,
  type RemoveOptions,
  type RuntimeInfo,
  type StopOptions,
  type ValidContainerConfig,
  type WaitResult,
} from '@mikrocloud/core';
import { BuildStreamParser, dockerBuildIdMatcher, type BuildIdMatcher } from './build-stream.js';
import { normaliseState, portsFromList, toContainerDetails, toContainerInfo, toCreateBody, type ContainerMappers } from './container-mapping.js';
import { EngineHttpError, openEngineRequest, readText, type EngineRequest, type QueryValue } from './engine-http.js';
import { isConnectionError, mapEngineError, type EngineErrorContext } from './engine-errors.js';
import type {
  EngineContainerInspect,
  EngineContainerSummary,
  EngineCreateBody,
  EngineImageInspect,
  EngineInfo,
  EngineListPort,
  EngineVersion,
} from './engine-types.js';
import { readLogLines } from './log-stream.js';
import { describeSkipped, type SocketDiscovery } from './socket-discovery.js';

/** The newest Engine API version this package speaks; older engines are spoken to in theirs. */
export const CLIENT_API_VERSION = '1.41';

/** Settings a concrete engine manager passes to {@link EngineApiContainerManager}. */
export interface EngineApiSettings {
  /** `docker`, `podman`, ... */
  runtime: string;
  /** Finds the socket. Called at construction and again whenever the engine cannot be reached. */
  discover: () => SocketDiscovery;
  /** Pull an image that is missing locally when creating a container. Default true. */
  pullMissingImages?: boolean;
  /** Longest wait for such a pull, in milliseconds. Default 120 000. */
  pullTimeoutMs?: number;
  /** Highest API version to speak. Default {@link CLIENT_API_VERSION}. */
  clientApiVersion?: string;
  /**
   * Labels put on every container and image this manager creates, after the user's. Unlike user
   * labels they may use the reserved `io.mikrocloud.` prefix (an installation id, a test run id).
   */
  labels?: Record<string, string>;
  /** The network of build steps: the engine's bridge (default) or none. Never the host's. */
  buildNetwork?: 'bridge' | 'none';
}

/**
 * What an engine sets up around one build ({@link EngineApiContainerManager.prepareBuild}): extra
 * parameters of `POST /build`, output the arrangement itself causes, and how to undo it.
 */
export interface BuildArrangement {
  /** Added to the query of `POST /build`. */
  query?: Record<string, QueryValue>;
  /**
   * Whether one piece of build output (the text of one `stream` event, one or more lines)
   * reaches `onLog`; false drops output the arrangement itself caused. It sees the text before it
   * is split into lines, so dropped output never splits a build line in two.
   */
  keepOutput?(text: string): boolean;
  /**
   * Called once when the build ends, however it ended, before `buildImage` settles. With
   * `aborted`, the caller gave up (cancel, timeout): whatever of the build still runs on the
   * engine must be stopped. Never rejects.
   */
  release(outcome: { aborted: boolean }): Promise<void>;
}

const CONTAINER_REF = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function imagePath(ref: string): string {
  return ref.split('/').map(encodeURIComponent).join('/');
}

/**
 * A {@link ContainerManager} over the Docker Engine HTTP API on a unix socket. Concrete engines
 * (Docker, Podman's compat API) extend it and override the protected hooks where they differ:
 * {@link mapState}, {@link normaliseImageName}, {@link portsFromList}, {@link isRootless},
 * {@link toRuntimeInfo}, {@link createBody}, {@link buildQuery}, {@link prepareBuild} and
 * {@link buildIdMatcher}.
 *
 * Every request opens its own connection, so the manager recovers by itself after an engine
 * restart; the API version is negotiated on first use and again after the engine was unreachable.
 */
export abstract class EngineApiContainerManager implements ContainerManager {
  readonly runtime: string;
  protected readonly pullMissingImages: boolean;
  protected readonly pullTimeoutMs: number;
  protected readonly clientApiVersion: string;
  protected readonly extraLabels: Record<string, string>;
  protected readonly buildNetwork: 'bridge' | 'none';
  private readonly discover: () => SocketDiscovery;
  private current: SocketDiscovery;
  private negotiated: string | undefined;

  constructor(settings: EngineApiSettings) {
    this.runtime = settings.runtime;
    this.discover = settings.discover;
    this.pullMissingImages = settings.pullMissingImages ?? true;
    this.pullTimeoutMs = settings.pullTimeoutMs ?? 120_000;
    this.clientApiVersion = settings.clientApiVersion ?? CLIENT_API_VERSION;
    this.extraLabels = { ...(settings.labels ?? {}) };
    this.buildNetwork = settings.buildNetwork ?? 'bridge';
    this.current = this.discover();
  }

  /** The socket in use. */
  get socketPath(): string {
    return this.current.socketPath;
  }

  /** How the socket was chosen: the chosen candidate and every skipped one with its reason. */
  get discovery(): SocketDiscovery {
    return this.current;
  }

  /** The API version in use, once negotiated (e.g. `1.41`). */
  get apiVersion(): string | undefined {
    return this.negotiated;
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
    return {
      runtime: this.runtime,
      socket_path: this.socketPath,
      rootless: this.isRootless(info),
      version: version.Version ?? info.ServerVersion ?? '',
      api_version: version.ApiVersion ?? '',
      os: version.Os ?? info.OSType ?? '',
      arch: version.Arch ?? info.Architecture ?? '',
      kernel_version: version.KernelVersion ?? info.KernelVersion ?? '',
      cpus: info.NCPU ?? 0,
      memory_bytes: info.MemTotal ?? 0,
      cgroup_version: info.CgroupVersion ?? '',
      storage_driver: info.Driver ?? '',
      warnings: this.discoveryWarnings(),
    };
  }

  /** The `POST /containers/create` body. */
  protected createBody(config: ValidContainerConfig): EngineCreateBody {
    const body = toCreateBody(config);
    body.Labels = { ...body.Labels, ...this.extraLabels };
    return body;
  }

  /** The query of `POST /build`. `pull` is never set: bases must come from the local store. */
  protected buildQuery(input: ImageBuildInput): Record<string, QueryValue> {
    return {
      t: input.tags,
      dockerfile: input.dockerfile,
      buildargs: input.buildArgs ? JSON.stringify(input.buildArgs) : undefined,
      target: input.target,
      labels: input.labels || Object.keys(this.extraLabels).length ? JSON.stringify({ ...input.labels, ...this.extraLabels }) : undefined,
      rm: true,
      forcerm: true,
      nocache: input.noCache ? true : undefined,
      // Docker's builder runs steps on its bridge unless told otherwise; `host` is never asked for.
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

  // ---- transport --------------------------------------------------------------------------

  /** Opens a request (negotiating the API version first). Raw errors: callers map them. */
  protected async open(req: EngineRequest): Promise<IncomingMessage> {
    const version = req.unversioned ? '' : await this.negotiate(req.signal);
    const attempted = this.current;
    try {
      return await openEngineRequest(attempted.socketPath, version ? `/v${version}` : '', req);
    } catch (err) {
      this.noteFailure(err);
      throw err;
    }
  }

  /** Sends a request and parses its JSON answer (undefined for an empty body). */
  protected async send<T>(req: EngineRequest): Promise<T> {
    const res = await this.open(req);
    let text: string;
    try {
      text = await readText(res);
    } catch (err) {
      res.destroy();
      this.noteFailure(err);
      throw err;
    }
    return (text.trim() ? JSON.parse(text) : undefined) as T;
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
  protected mapError(err: unknown, context: EngineErrorContext = {}) {
    return mapEngineError(err, { ...context, unavailableHint: this.unavailableHint() });
  }

  private unavailableHint(): string {
    const d = this.current;
    const skipped = d.skipped.length ? ` Other candidates: ${describeSkipped(d.skipped)}.` : '';
    return `Tried ${d.socketPath || '(no socket)'} (from ${d.source}).${skipped}`;
  }

  private noteFailure(err: unknown): void {
    if (!isConnectionError(err)) return;
    // The engine may have restarted (a newer version) or appeared at another candidate.
    this.negotiated = undefined;
    this.current = this.discover();
  }

  private async negotiate(signal: AbortSignal | undefined): Promise<string> {
    if (this.negotiated) return this.negotiated;
    const version = await this.send<EngineVersion>({ method: 'GET', path: '/version', unversioned: true, ...(signal ? { signal } : {}) });
    const engine = version?.ApiVersion;
    const chosen = engine && compareVersions(engine, this.clientApiVersion) < 0 ? engine : this.clientApiVersion;
    this.negotiated = chosen;
    return chosen;
  }

  private discoveryWarnings(): string[] {
    const d = this.current;
    const warnings: string[] = [];
    if (!d.found) warnings.push(`no socket existed at ${d.socketPath} when the engine was looked for`);
    const passed = d.skipped.filter((s) => s.path && !s.reason.startsWith('not consulted'));
    for (const s of passed) warnings.push(`${s.source} (${s.path}) was passed over: ${s.reason}`);
    return warnings;
  }

  // ---- engine -----------------------------------------------------------------------------

  async ping(options: CallOptions = {}): Promise<void> {
    throwIfAborted(options.signal);
    try {
      // The answer is plain `OK`, not JSON: read it without parsing.
      await readText(await this.open({ method: 'GET', path: '/_ping', unversioned: true, ...sig(options) }));
    } catch (err) {
      const mapped = this.mapError(err, sig(options));
      if (mapped instanceof CancelledError || mapped instanceof RuntimeUnavailableError) throw mapped;
      throw new RuntimeUnavailableError(`container engine at ${this.socketPath} does not answer: ${mapped.message}`, { cause: err });
    }
  }

  async info(options: CallOptions = {}): Promise<RuntimeInfo> {
    const [version, info] = await Promise.all([
      this.call<EngineVersion>({ method: 'GET', path: '/version', ...sig(options) }),
      this.call<EngineInfo>({ method: 'GET', path: '/info', ...sig(options) }),
    ]);
    return this.toRuntimeInfo(version, info);
  }

  // ---- containers -------------------------------------------------------------------------

  async list(options: ListOptions = {}): Promise<ContainerInfo[]> {
    const label = [
      ...(options.all ? [] : [`${Labels.managed}=true`]),
      ...Object.entries(options.labels ?? {}).map(([k, v]) => `${k}=${v}`),
    ];
    const query: Record<string, QueryValue> = { all: true };
    if (label.length) query.filters = JSON.stringify({ label });
    const items = await this.call<EngineContainerSummary[]>({ method: 'GET', path: '/containers/json', query, ...sig(options) });
    const mappers = this.mappers;
    const states = options.states?.length ? new Set(options.states) : undefined;
    const out: ContainerInfo[] = [];
    for (const item of items ?? []) {
      const info = toContainerInfo(item, mappers);
      if (!states || states.has(info.state)) out.push(info);
    }
    return out;
  }

  async inspect(idOrName: string, options: CallOptions = {}): Promise<ContainerDetails> {
    const raw = await this.inspectRaw(idOrName, options);
    return toContainerDetails(raw, this.mappers);
  }

  /** The engine's own inspect answer, for hooks that need more than {@link ContainerDetails}. */
  protected inspectRaw(idOrName: string, options: CallOptions = {}): Promise<EngineContainerInspect> {
    return this.call<EngineContainerInspect>(
      { method: 'GET', path: `${containerPath(idOrName)}/json`, ...sig(options) },
      { subject: `container "${idOrName}"`, action: 'inspect' },
    );
  }

  async create(config: ContainerConfig, options: CallOptions = {}): Promise<ContainerDetails> {
    const valid = validateContainerConfig(config);
    throwIfAborted(options.signal);
    const req: EngineRequest = {
      method: 'POST',
      path: '/containers/create',
      query: { name: valid.name },
      body: this.createBody(valid),
      ...sig(options),
    };
    const context = { subject: `container${valid.name ? ` "${valid.name}"` : ''}`, action: 'create', ...sig(options) };
    let created: { Id: string };
    try {
      created = await this.send<{ Id: string }>(req);
    } catch (err) {
      if (!(err instanceof EngineHttpError && err.statusCode === 404)) throw this.mapError(err, context);
      if (!this.pullMissingImages) {
        throw new NotFoundError(`image "${valid.image}" not found locally (pulling missing images is disabled)`, { cause: err });
      }
      await this.pullImage(valid.image, options.signal);
      try {
        created = await this.send<{ Id: string }>(req);
      } catch (retryErr) {
        if (retryErr instanceof EngineHttpError && retryErr.statusCode === 404) {
          throw new NotFoundError(`image "${valid.image}" not found locally, even after pulling it`, { cause: retryErr });
        }
        throw this.mapError(retryErr, context);
      }
    }
    return this.inspect(created.Id, options);
  }

  /** Pulls one image once, bounded by {@link pullTimeoutMs}; any failure is a NotFoundError naming it. */
  protected async pullImage(image: string, signal: AbortSignal | undefined): Promise<void> {
    const ref = parseImageReference(image);
    if ('error' in ref) throw ValidationError.field('image', ref.error);
    const timeout = AbortSignal.timeout(this.pullTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const fail = (why: string, cause?: unknown) =>
      new NotFoundError(`image "${image}" not found locally and could not be pulled: ${why}`, { cause });
    let res: IncomingMessage;
    try {
      res = await this.open({
        method: 'POST',
        path: '/images/create',
        // Without a tag the engine would pull every tag of the repository.
        query: { fromImage: ref.name, tag: ref.digest ?? ref.tag ?? 'latest' },
        signal: combined,
      });
    } catch (err) {
      if (signal?.aborted) throw new CancelledError(undefined, { cause: err });
      if (timeout.aborted) throw fail(`no answer within ${Math.round(this.pullTimeoutMs / 1000)} s`, err);
      const mapped = this.mapError(err);
      if (mapped instanceof RuntimeUnavailableError) throw mapped;
      throw fail(err instanceof EngineHttpError ? err.message : mapped.message, err);
    }
    const parser = new BuildStreamParser();
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) parser.push(chunk);
    } catch (err) {
      res.destroy();
      if (signal?.aborted) throw new CancelledError(undefined, { cause: err });
      throw fail(timeout.aborted ? `no answer within ${Math.round(this.pullTimeoutMs / 1000)} s` : (err as Error).message, err);
    }
    const outcome = parser.end();
    if (outcome.error) throw fail(outcome.error);
  }

  async start(idOrName: string, options: CallOptions = {}): Promise<ContainerDetails> {
    await this.call({ method: 'POST', path: `${containerPath(idOrName)}/start`, ...sig(options) }, { subject: `container "${idOrName}"`, action: 'start' });
    return this.inspect(idOrName, options);
  }

  async stop(idOrName: string, options: StopOptions = {}): Promise<ContainerDetails> {
    await this.call(
      { method: 'POST', path: `${containerPath(idOrName)}/stop`, query: { t: stopTimeout(options) }, ...sig(options) },
      { subject: `container "${idOrName}"`, action: 'stop' },
    );
    return this.inspect(idOrName, options);
  }

  async restart(idOrName: string, options: StopOptions = {}): Promise<ContainerDetails> {
    await this.call(
      { method: 'POST', path: `${containerPath(idOrName)}/restart`, query: { t: stopTimeout(options) }, ...sig(options) },
      { subject: `container "${idOrName}"`, action: 'restart' },
    );
    return this.inspect(idOrName, options);
  }

  /** Removes the container and its anonymous volumes (named volumes are kept). */
  async remove(idOrName: string, options: RemoveOptions = {}): Promise<void> {
    await this.call(
      // Anonymous volumes (an image's VOLUME lines) would otherwise pile up on disk unowned.
      { method: 'DELETE', path: containerPath(idOrName), query: { force: options.force ? true : undefined, v: true }, ...sig(options) },
      { subject: `container "${idOrName}"`, action: 'remove' },
    );
  }

  async wait(idOrName: string, options: CallOptions = {}): Promise<WaitResult> {
    const result = await this.call<{ StatusCode?: number; Error?: { Message?: string } | null }>(
      { method: 'POST', path: `${containerPath(idOrName)}/wait`, ...sig(options) },
      { subject: `container "${idOrName}"`, action: 'wait for' },
    );
    if (result?.Error?.Message) throw new RuntimeError(`cannot wait for container "${idOrName}": ${result.Error.Message}`);
    return { exit_code: result?.StatusCode ?? 0 };
  }

  /**
   * Streams the container's output as lines. Aborting the signal, or leaving a `for await` early,
   * ends the iteration and closes the HTTP stream; an abort ends it quietly rather than throwing.
   */
  async *logs(idOrName: string, options: LogOptions = {}): AsyncGenerator<LogLine> {
    const signal = options.signal;
    // A signal aborted before the call is a cancelled call, as everywhere else; only an abort
    // during the iteration ends it quietly.
    throwIfAborted(signal);
    let res: IncomingMessage;
    let tty: boolean;
    try {
      const raw = await this.inspectRaw(idOrName, options);
      tty = raw.Config?.Tty ?? false;
      const since = options.since instanceof Date ? Math.floor(options.since.getTime() / 1000) : options.since;
      res = await this.open({
        method: 'GET',
        path: `${containerPath(idOrName)}/logs`,
        query: {
          stdout: options.stdout ?? true,
          stderr: options.stderr ?? true,
          follow: options.follow ? true : undefined,
          tail: options.tail === undefined ? undefined : Math.max(0, Math.floor(options.tail)),
          since,
          timestamps: options.timestamps ? true : undefined,
        },
        ...sig(options),
      });
    } catch (err) {
      const mapped = this.mapError(err, { subject: `container "${idOrName}"`, action: 'read the logs of', ...sig(options) });
      if (mapped instanceof CancelledError) return;
      throw mapped;
    }
    const onAbort = () => res.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      yield* readLogLines(res, { tty, timestamps: options.timestamps ?? false });
    } catch (err) {
      if (signal?.aborted) return;
      throw this.mapError(err, { subject: `container "${idOrName}"`, action: 'read the logs of' });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      res.destroy();
    }
  }

  // ---- images -----------------------------------------------------------------------------

  async imageExists(ref: string, options: CallOptions = {}): Promise<boolean> {
    try {
      await this.inspectImage(ref, options);
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  async inspectImage(ref: string, options: CallOptions = {}): Promise<ImageInfo> {
    checkImageRef(ref);
    const image = await this.call<EngineImageInspect>(
      { method: 'GET', path: `/images/${imagePath(ref)}/json`, ...sig(options) },
      { subject: `image "${ref}"`, action: 'inspect' },
    );
    return {
      id: image.Id,
      tags: (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>').map((t) => this.normaliseImageName(t)),
      size_bytes: image.Size ?? 0,
      created_at: (image.Created && !Number.isNaN(Date.parse(image.Created)) ? new Date(image.Created).toISOString() : image.Created) ?? '',
      labels: image.Config?.Labels ?? {},
    };
  }

  async removeImage(ref: string, options: CallOptions & { force?: boolean } = {}): Promise<void> {
    checkImageRef(ref);
    await this.call(
      { method: 'DELETE', path: `/images/${imagePath(ref)}`, query: { force: options.force ? true : undefined }, ...sig(options) },
      { subject: `image "${ref}"`, action: 'remove' },
    );
  }

  async buildImage(input: ImageBuildInput, options: ImageBuildOptions = {}): Promise<ImageBuildResult> {
    if (!input.tags?.length) throw ValidationError.field('tags', 'at least one tag is required');
    input.tags.forEach((tag, i) => {
      if (!isImageReference(tag)) throw ValidationError.field(`tags.${i}`, `"${tag}" is not a valid image reference`);
    });
    const signal = options.signal;
    throwIfAborted(signal);
    const arrangement = await this.prepareBuild(input, options);
    try {
      return await this.runBuild(input, options, arrangement);
    } finally {
      await arrangement?.release({ aborted: signal?.aborted === true });
    }
  }

  private async runBuild(input: ImageBuildInput, options: ImageBuildOptions, arrangement: BuildArrangement | undefined): Promise<ImageBuildResult> {
    const signal = options.signal;
    let res: IncomingMessage;
    try {
      res = await this.open({
        method: 'POST',
        path: '/build',
        query: { ...this.buildQuery(input), ...arrangement?.query },
        body: input.context,
        contentType: 'application/x-tar',
        ...sig(options),
      });
    } catch (err) {
      // The engine refused before building (no Dockerfile, bad parameter): its message is the reason.
      if (err instanceof EngineHttpError && !signal?.aborted) throw new BuildError(err.message, { cause: err });
      throw this.mapError(err, { action: 'build', subject: `image "${input.tags[0]}"`, ...sig(options) });
    }
    const keepOutput = arrangement?.keepOutput?.bind(arrangement);
    const parser = new BuildStreamParser(options.onLog, this.buildIdMatcher, keepOutput);
    // Closing the connection is what makes Docker Engine cancel the build (other engines stop it
    // in the arrangement's release).
    const onAbort = () => res.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of res as AsyncIterable<Buffer>) parser.push(chunk);
    } catch (err) {
      throw this.mapError(err, { action: 'build', subject: `image "${input.tags[0]}"`, ...sig(options) });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      res.destroy();
    }
    throwIfAborted(signal);
    const outcome = parser.end();
    if (outcome.error !== undefined) throw new BuildError(outcome.error);
    if (outcome.imageId) return { image_id: outcome.imageId };
    // Neither an aux event nor a recognised summary line: ask the engine what the tag points at.
    try {
      const image = await this.inspectImage(input.tags[0] as string, options);
      return { image_id: image.id };
    } catch (err) {
      if (isMikrocloudError(err) && err.code === 'not_found') throw new BuildError('the engine reported no image id and tagged nothing', { cause: err });
      throw err;
    }
  }
}

function sig(options: CallOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

function stopTimeout(options: StopOptions): number | undefined {
  const t = options.timeoutSeconds;
  if (t === undefined) return undefined;
  if (!Number.isInteger(t) || t < 0) throw ValidationError.field('timeoutSeconds', 'must be a whole number of seconds, 0 or more');
  return t;
}

function containerPath(idOrName: string): string {
  if (typeof idOrName !== 'string' || !CONTAINER_REF.test(idOrName)) {
    throw ValidationError.field('id', `"${String(idOrName)}" is not a container id or name`);
  }
  return `/containers/${encodeURIComponent(idOrName.replace(/^\//, ''))}`;
}

function checkImageRef(ref: string): void {
  // An image id (sha256:... or a hex prefix) is also accepted where a reference is.
  if (typeof ref !== 'string' || !(isImageReference(ref) || /^(sha256:)?[0-9a-f]{12,64}$/.test(ref))) {
    throw ValidationError.field('image', `"${String(ref)}" is not an image reference`);
  }
}
