import type { Readable } from 'node:stream';
import type { ContainerConfig, ContainerDetails, ContainerInfo, ContainerState, LogLine } from './schemas/container.js';
import type { ImageInfo, RuntimeInfo } from './schemas/runtime.js';
import type { NetworkOperations, VolumeOperations } from './contract/storage.js';
import type { ExecOperations } from './contract/exec.js';
import type { WaitAnswer, WaitOptions } from './contract/wait.js';
import type { WaitCondition } from './schemas/health.js';
import type { RegistryOperations } from './contract/registry.js';
import type { EventOperations } from './contract/events.js';
import type { ContainerHandle } from './contract/handles.js';
import type { ImageHousekeeping } from './contract/image-housekeeping.js';

/** Options every engine call takes. Aborting the signal cancels the call (a CancelledError). */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  /**
   * Include containers mikrocloud did not create. Honoured only by a manager constructed with
   * `includeUnmanaged: true`; otherwise ignored, and only managed containers (of the manager's
   * instance, when it has one) are listed.
   */
  all?: boolean;
  /** Only containers carrying every one of these labels. */
  labels?: Record<string, string>;
  /** Only containers in one of these states. */
  states?: ContainerState[];
}

export interface StopOptions extends CallOptions {
  /** Seconds to wait after SIGTERM before SIGKILL. Default: the engine's (10). */
  timeoutSeconds?: number;
}

export interface RemoveOptions extends CallOptions {
  /** Stop a running container first (SIGKILL). Default false: removing a running container is a conflict. */
  force?: boolean;
}

export interface LogOptions extends CallOptions {
  /** Keep the stream open and yield new lines as they come. Default false. */
  follow?: boolean;
  /** Only the last N lines. */
  tail?: number;
  /** Only lines written at or after this time (a Date or UNIX seconds). */
  since?: Date | number;
  /** Prefix each line with the engine's RFC 3339 timestamp (in {@link LogLine.timestamp}). */
  timestamps?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

/** What to build: a tar stream of the context and how to read it. */
export interface ImageBuildInput {
  /** The build context as a tar archive. */
  context: Readable;
  /** Path of the Dockerfile inside the context. Default `Dockerfile`. */
  dockerfile?: string;
  /** Every tag to apply (at least one). */
  tags: string[];
  buildArgs?: Record<string, string>;
  target?: string;
  labels?: Record<string, string>;
  noCache?: boolean;
}

export interface ImageBuildOptions extends CallOptions {
  /** Called with each line the engine prints while it builds. */
  onLog?: (line: string) => void;
}

export interface ImageBuildResult {
  image_id: string;
}

/** What the engine's builder supports, for whoever writes the Dockerfile (the buildpacks). */
export interface BuildFeatures {
  /** The builder builds run on: `buildkit` or `legacy` (Docker Engine), `buildah` (Podman). */
  builder: string;
  /** Whether `RUN --mount=type=cache,id=…,target=…` works (BuildKit, buildah; not the legacy builder). */
  cacheMounts: boolean;
}

/**
 * The contract between mikrocloud and a container engine. Docker and Podman implement it; so
 * can anyone else (the conformance suite in `@mikrocloud/core/testing` checks an implementation).
 *
 * Every method speaks mikrocloud's vocabulary: no engine type crosses this boundary. Failures are
 * {@link MikrocloudError}s: `NotFoundError` for an unknown container or image, `ConflictError` for
 * a taken name or a state that forbids the call, `RuntimeUnavailableError` when the engine does not
 * answer, `CancelledError` when the signal was aborted.
 */
export interface ContainerManager
  extends VolumeOperations,
    NetworkOperations,
    ExecOperations,
    RegistryOperations,
    EventOperations,
    ImageHousekeeping {
  /** `docker`, `podman`, or the name a custom runtime gives itself. */
  readonly runtime: string;
  /** The socket (or URL) this manager talks to. */
  readonly socketPath: string;

  /** Resolves when the engine answers; throws RuntimeUnavailableError otherwise. */
  ping(options?: CallOptions): Promise<void>;
  info(options?: CallOptions): Promise<RuntimeInfo>;

  list(options?: ListOptions): Promise<ContainerInfo[]>;
  /** By id, id prefix, or name. */
  inspect(idOrName: string, options?: CallOptions): Promise<ContainerDetails>;
  /**
   * Creates (does not start) a container, labelled `io.mikrocloud.managed=true`. `await using`
   * the answer removes the container when the scope ends.
   */
  create(config: ContainerConfig, options?: CallOptions): Promise<ContainerHandle>;
  start(idOrName: string, options?: CallOptions): Promise<ContainerDetails>;
  stop(idOrName: string, options?: StopOptions): Promise<ContainerDetails>;
  restart(idOrName: string, options?: StopOptions): Promise<ContainerDetails>;
  remove(idOrName: string, options?: RemoveOptions): Promise<void>;
  /** The container's output, demultiplexed into stdout and stderr lines. */
  logs(idOrName: string, options?: LogOptions): AsyncIterable<LogLine>;
  /**
   * Waits until the container stops and returns its exit code, or until the `condition` of
   * {@link WaitOptions} holds. Past `timeoutMs`: a TimeoutError; an aborted signal: a CancelledError.
   */
  wait<C extends WaitCondition = 'exited'>(idOrName: string, options?: WaitOptions<C>): Promise<WaitAnswer<C>>;

  imageExists(ref: string, options?: CallOptions): Promise<boolean>;
  inspectImage(ref: string, options?: CallOptions): Promise<ImageInfo>;
  removeImage(ref: string, options?: CallOptions & { force?: boolean }): Promise<void>;
  /**
   * Builds an image from a tar context through the engine. A failing step rejects with a
   * BuildError (and tags nothing); aborting the signal stops the engine's build.
   */
  buildImage(input: ImageBuildInput, options?: ImageBuildOptions): Promise<ImageBuildResult>;
  /**
   * What the next build's builder supports. Optional: a manager without it is taken to build
   * without cache mounts.
   */
  buildFeatures?(options?: CallOptions): Promise<BuildFeatures>;
}
