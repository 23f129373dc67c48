import type { BuildRecord, BuildRequest, BuildService, ValidBuildRequest } from '@mikrocloud/buildpacks';
import { DEFAULT_ENGINE, type EngineRegistry } from '@mikrocloud/runtime';
import {
  BuildError,
  CancelledError,
  TimeoutError,
  ValidationError,
  disposable,
  ignoreNotFound,
  isMikrocloudError,
  isTimeoutReason,
  nestedProblems,
  silentLogger,
  throwIfAborted,
  validateContainerConfig,
  type ContainerConfig,
  type ContainerDetails,
  type ContainerHandle,
  type ContainerManager,
  type FieldProblem,
  type Logger,
} from '@mikrocloud/core';
import { buildpackBaseDir, createBuildSystem, type BuildSystem } from './build-system.js';
import { loadConfig, type ConfigInput, type MikrocloudConfig } from './config.js';
import { readOrCreateInstanceId } from './instance-id.js';
import { createEngines } from './engines.js';

/** What errors name a configuration given to {@link createMikrocloud} by. */
const GIVEN_CONFIG_SOURCE = 'createMikrocloud';

export interface CreateMikrocloudOptions {
  /**
   * Read the environment as `mikrocloud serve` does: `MIKROCLOUD_<SECTION>_<KEY>` overrides
   * (under the given configuration) and engine discovery (`DOCKER_HOST`, `XDG_RUNTIME_DIR`).
   * Default: `process.env` without its `MIKROCLOUD_*` variables: defaults (the data directory)
   * and discovery follow the platform like every SDK manager, and no override is read.
   */
  env?: NodeJS.ProcessEnv;
  /** A TOML file read first, as `mikrocloud serve --config FILE`; the given configuration wins over it. */
  file?: string;
  /** Where the manager and the build service report what they do. Default: silent. */
  logger?: Logger;
  /** Labels put on every container and image it creates, besides mikrocloud's own. */
  labels?: Record<string, string>;
  /** Relative `build.buildpacks` modules and ssh files resolve from here. Default: the file's folder, else the working directory. */
  baseDir?: string;
}

/** Options of one build. */
export interface BuildImageOptions {
  /** Aborting cancels the build (queued or running); the call then rejects with a CancelledError (a TimeoutError for `AbortSignal.timeout()`). */
  signal?: AbortSignal;
  /** Receives the build's log lines as they are stored. */
  onLog?: (line: string) => void;
}

/** A container of a deployment: any container configuration but `image`, which is the build's `image_tag`. */
export type DeployContainerConfig = Omit<ContainerConfig, 'image'>;

export interface DeployRequest {
  build: BuildRequest;
  container: DeployContainerConfig;
  /** Start the container once created. Default true. */
  start?: boolean;
}

/** A finished deployment: the build's record and the container; `await using` either removes the container. */
export interface Deployment extends AsyncDisposable {
  build: BuildRecord;
  container: ContainerDetails & AsyncDisposable;
}

/** What a failed build's error carries in `details`. */
export interface BuildFailureDetails {
  build_id: string;
  status: BuildRecord['status'];
  image_tag: string;
  error: string | null;
}

/** The container service of a program: one manager and one build service from one configuration. */
export interface Mikrocloud extends AsyncDisposable {
  /** The effective configuration (defaults, file, environment when asked, the given one). */
  readonly config: MikrocloudConfig;
  /** The default engine's manager (`[docker]`): `engines.get('default')`. */
  readonly manager: ContainerManager;
  /** Every configured engine by name: `default` and one per `[[engines]]` table. `close()` closes them. */
  readonly engines: EngineRegistry;
  /** The queued build service with its SQLite records in `server.data_dir`. */
  readonly builds: BuildService;
  /**
   * Builds an image and resolves with the record once the build has succeeded. A build that
   * fails rejects with a BuildError whose `details` ({@link BuildFailureDetails}) name the
   * record, which stays in `builds`; a bad request rejects with a ValidationError before
   * anything is recorded.
   */
  buildImage(request: BuildRequest, options?: BuildImageOptions): Promise<BuildRecord>;
  /** Creates (does not start) a container: the manager's `create`. */
  createContainer(config: ContainerConfig, options?: { signal?: AbortSignal }): Promise<ContainerHandle>;
  /**
   * Builds, then creates and starts a container from the image built. Both halves are checked
   * before the build starts (a ValidationError names `build.<field>` and `container.<field>`).
   * A failed build rejects with its BuildError and creates nothing; a container that cannot be
   * created or started rejects with the engine's error, the image is kept and no half-made
   * container is left behind.
   */
  deploy(request: DeployRequest, options?: { signal?: AbortSignal }): Promise<Deployment>;
  /** Cancels builds still running (their records say so) and closes the record store. Safe to call twice. */
  close(): Promise<void>;
}

/** The container's checks with `image` set to what the build will tag; fields named `container.<field>`. */
function containerProblems(container: DeployContainerConfig, imageTag: string | undefined): FieldProblem[] {
  if (container === null || typeof container !== 'object' || Array.isArray(container)) {
    return [{ field: 'container', message: 'must be an object (a container configuration without image)' }];
  }
  const problems: FieldProblem[] = [];
  if ('image' in container) problems.push({ field: 'container.image', message: 'comes from the build (build.image_tag): leave it out' });
  try {
    // A placeholder when the build's tag is itself at fault: that problem is reported under build.
    validateContainerConfig({ ...container, image: imageTag ?? 'image-tag-of-the-build' });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...nestedProblems('container', error.problems.filter((p) => p.field !== 'image')));
  }
  return problems;
}

/** The error of a build that ended without an image. */
function buildFailure(record: BuildRecord, signal: AbortSignal | undefined): Error {
  const details: BuildFailureDetails = { build_id: record.id, status: record.status, image_tag: record.image_tag, error: record.error };
  const what = `build ${record.id} (${record.image_tag})`;
  if (signal?.aborted) {
    const cause: unknown = signal.reason;
    return isTimeoutReason(cause)
      ? new TimeoutError(`${what} was cancelled: its signal timed out`, { cause, details })
      : new CancelledError(`${what} was cancelled`, { cause, details });
  }
  if (record.status === 'timed_out') return new TimeoutError(`${what} timed out: ${record.error ?? 'past build.timeout_seconds'}`, { details });
  if (record.status === 'cancelled') return new CancelledError(`${what} was cancelled`, { details });
  return new BuildError(`${what} failed: ${record.error ?? 'unknown error'}`, { details });
}

/** Adds what a failed deployment kept to an error's message, keeping its class, code and details. */
function afterBuild(error: unknown, record: BuildRecord, what: string): unknown {
  const kept = `build ${record.id} succeeded and image ${record.image_tag} is kept, but ${what}`;
  if (error instanceof Error) {
    error.message = `${kept}: ${error.message}`;
    return error;
  }
  return new Error(`${kept}: ${String(error)}`);
}

/**
 * The design document's container service in one call: a container manager and a build service from one
 * configuration of the same shape as `mikrocloud.toml` (`[docker]`, `[server]` for `data_dir` and
 * `scope`, `[build]`), with the server's defaults and checks: a bad key is the same ConfigError
 * `mikrocloud config check` reports. `MIKROCLOUD_*` overrides are read only when `options.env` is given.
 * Build records live in `server.data_dir`; give each process (a server, a program) its own.
 *
 * @example
 * await using cloud = await createMikrocloud({ docker: { runtime: 'auto' }, build: { allowed_git_protocols: ['https'] } });
 * const { build, container } = await cloud.deploy({
 *   build: { git_repo: 'https://github.com/user/app.git', buildpack_type: 'dockerfile', image_tag: 'app:1' },
 *   container: { name: 'app-instance', ports: { '8080': '80' } },
 * });
 */
export async function createMikrocloud(config: ConfigInput | MikrocloudConfig = {}, options: CreateMikrocloudOptions = {}): Promise<Mikrocloud> {
  // Without `env`, defaults still follow the platform (HOME, XDG_DATA_HOME) as the server's do;
  // only the MIKROCLOUD_* overrides are left out.
  const env = options.env ?? Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MIKROCLOUD_')));
  const effective = loadConfig({
    env,
    given: { source: GIVEN_CONFIG_SOURCE, config },
    ...(options.file === undefined ? {} : { file: options.file }),
  });
  const logger = options.logger ?? silentLogger;
  const instanceId = readOrCreateInstanceId(effective.server.data_dir);
  const engines = await createEngines(effective, {
    ...(options.env ? { env: options.env } : {}),
    logger,
    instanceId,
    ...(options.labels ? { labels: options.labels } : {}),
  });
  const manager = engines.get(DEFAULT_ENGINE);
  let system: BuildSystem;
  try {
    system = await createBuildSystem({
      manager,
      config: effective,
      logger,
      baseDir: options.baseDir ?? buildpackBaseDir(options.file),
      instanceId,
    });
  } catch (error) {
    await engines.close();
    throw error;
  }
  const builds = system.service;
  let closing: Promise<void> | undefined;

  async function buildImage(request: BuildRequest, callOptions: BuildImageOptions = {}): Promise<BuildRecord> {
    const { signal, onLog } = callOptions;
    throwIfAborted(signal);
    const submitted = await builds.submit(request);
    const cancel = () => void builds.cancel(submitted.id).catch(() => {});
    signal?.addEventListener('abort', cancel, { once: true });
    if (signal?.aborted) cancel();
    try {
      const following = onLog ? follow(submitted.id, onLog) : Promise.resolve();
      const record = await builds.waitFor(submitted.id);
      await following;
      if (record.status !== 'succeeded') throw buildFailure(record, signal);
      return record;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  async function follow(id: string, onLog: (line: string) => void): Promise<void> {
    try {
      for await (const line of builds.followLogs(id)) onLog(line);
    } catch (error) {
      logger.warn('build log follower stopped', { build_id: id, error: (error as Error).message });
    }
  }

  async function deploy(request: DeployRequest, callOptions: { signal?: AbortSignal } = {}): Promise<Deployment> {
    const { signal } = callOptions;
    const problems: FieldProblem[] = [];
    let valid: ValidBuildRequest | undefined;
    try {
      valid = builds.validate(request?.build);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...nestedProblems('build', error.problems));
    }
    problems.push(...containerProblems(request?.container, valid?.imageTag));
    if (problems.length > 0) throw new ValidationError(problems);

    const build = await buildImage(request.build, signal ? { signal } : {});
    const config = { ...request.container, image: build.image_tag } as ContainerConfig;
    let created: ContainerHandle;
    try {
      created = await manager.create(config, signal ? { signal } : {});
    } catch (error) {
      throw afterBuild(error, build, 'the container could not be created');
    }
    const remove = () => manager.remove(created.id, { force: true }).catch(ignoreNotFound);
    const deployment = (details: ContainerDetails) => disposable({ build, container: disposable(details, remove) }, remove);
    if (request.start === false) return deployment(created);
    try {
      return deployment(await manager.start(created.id, signal ? { signal } : {}));
    } catch (error) {
      // A container that never ran is removed, so a retry can reuse its name.
      const removal = await manager.remove(created.id, { force: true }).then(
        () => 'it was removed',
        (why: unknown) => `removing it failed too (${isMikrocloudError(why) ? why.message : String(why)}); remove container ${created.id}`,
      );
      throw afterBuild(error, build, `container ${created.id} did not start (${removal})`);
    }
  }

  const close = () => (closing ??= system.close().finally(() => engines.close()));
  return {
    config: effective,
    manager,
    engines,
    builds,
    buildImage,
    createContainer: (containerConfig, callOptions = {}) => manager.create(containerConfig, callOptions),
    deploy,
    close,
    [Symbol.asyncDispose]: close,
  };
}
