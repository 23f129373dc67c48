import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { BuildError, CancelledError, NotFoundError, TimeoutError, RuntimeUnavailableError, tarArchive, type ImageBuildInput } from '@mikrocloud/core';
import type { BuildArrangement, EngineRequest } from '@mikrocloud/runtime-docker/internal';

/**
 * Stopping a build on Podman for real.
 *
 * Podman (4.3) keeps building after the client of `POST /build` went away: buildah's `RUN` steps
 * run on, and its working containers are not libpod containers, so the API can neither kill nor
 * stop them (removing one only deletes its storage). What the API can kill is a container of its
 * own, and the kernel ends every process of a PID namespace when that namespace's first process
 * dies. So each build gets a guard: a container created and initialised (`podman init`: its
 * namespaces exist, its first process waits to be started) but never started, and the build runs
 * its steps in the guard's PID namespace (`nsoptions`, the parameter `podman build --pid` uses).
 * Removing the guard ends every step process of the build at once; buildah then fails the step
 * and tags nothing. Everything goes through the engine API, so it works on a remote socket too.
 *
 * The guard holds the build's network namespace as well. Without `nsoptions` Podman runs every
 * step in the host's network namespace (where the host's loopback services answer); with the
 * guard's, steps get the network the guard was created with: Podman's bridge (rootful),
 * slirp4netns (rootless, whose host loopback stays closed), or none (loopback only).
 */

/** The network of a build's steps: a private one with a way out, or none at all. Never the host's. */
export type BuildNetwork = 'bridge' | 'none';

/** The image guards are created from: one executable file, never run. Made on first use. */
export const BUILD_GUARD_IMAGE = 'localhost/mikrocloud/build-guard:1';
/** Label on guard containers (value: the build's first tag) and on the guard image. */
export const BUILD_GUARD_LABEL = 'io.mikrocloud.build-guard';
/** The guard's command. It must exist in the image for the runtime to initialise the container. */
const GUARD_COMMAND = '/mikrocloud-build-guard';
const GUARD_SCRIPT = '#!/bin/false\n# A mikrocloud build guard: initialised, never started; it holds a PID namespace.\n';
const LIBPOD = '/v4.0.0/libpod';

/**
 * Warnings runc prints for a step that shares a PID namespace (it then signals and waits for
 * the step's processes itself): noise the guard causes, not build output.
 */
const GUARD_NOISE =
  /^time="[^"]*" level=warning msg="(cannot toggle freezer: cgroups not configured for container|lstat : no such file or directory|Failed to remove cgroup \(will retry\))"/;

/**
 * Whether a piece of build output is only such warnings. Buildah passes them on as output of
 * their own, between (and sometimes in the middle of) a step's lines; dropping the whole piece
 * keeps the step's lines whole.
 */
export function isGuardNoise(text: string): boolean {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.length > 0 && lines.every((line) => GUARD_NOISE.test(line));
}

/** What the guard needs from the manager. */
export interface GuardEngine {
  /** One API request; failures as mikrocloud errors (`NotFoundError` for a 404). */
  call<T>(req: EngineRequest): Promise<T>;
  /** Labels the manager puts on everything it creates. */
  labels: Record<string, string>;
  /** Whether the service runs rootless (slirp4netns is then the private network). */
  rootless(signal: AbortSignal | undefined): Promise<boolean>;
  warn(message: string): void;
}

/** Sets up and tears down the guards of one manager's builds. */
export class BuildGuards {
  private image: Promise<string> | undefined;

  constructor(
    private readonly engine: GuardEngine,
    private readonly network: BuildNetwork = 'bridge',
  ) {}

  /**
   * A guard for one build: the `nsoptions` that put its steps in the guard's PID and network
   * namespaces, and a release that removes the guard (ending whatever of the build still runs).
   * When no guard can be made, the build goes ahead without one (and a warning is logged) in a
   * network namespace of its own that buildah makes (Podman's bridge), so a cancel then only
   * closes the connection; a build that asked for no network is refused instead.
   */
  async arrange(input: ImageBuildInput, signal: AbortSignal | undefined): Promise<BuildArrangement> {
    const sig = signal ? { signal } : {};
    let id: string | undefined;
    try {
      const networkMode = this.network === 'none' ? 'none' : (await this.engine.rootless(signal)) ? 'slirp4netns' : 'bridge';
      const image = await this.guardImage(signal);
      const name = `mikrocloud-build-guard-${randomBytes(6).toString('hex')}`;
      const created = await this.engine.call<{ Id: string }>({
        method: 'POST',
        path: '/containers/create',
        query: { name },
        body: {
          Image: image,
          Cmd: [GUARD_COMMAND],
          Labels: { ...this.engine.labels, [BUILD_GUARD_LABEL]: input.tags[0] ?? 'true' },
          HostConfig: { NetworkMode: networkMode },
        },
        ...sig,
      });
      id = created.Id;
      await this.engine.call({ method: 'POST', path: `${LIBPOD}/containers/${id}/init`, unversioned: true, ...sig });
      const inspected = await this.engine.call<{ State?: { Pid?: number } }>({ method: 'GET', path: `${LIBPOD}/containers/${id}/json`, unversioned: true, ...sig });
      const pid = inspected?.State?.Pid;
      if (!pid) throw new Error('the initialised guard container has no process');
      const guard = id;
      return {
        query: {
          nsoptions: JSON.stringify([
            { Name: 'network', Path: `/proc/${pid}/ns/net` },
            { Name: 'pid', Path: `/proc/${pid}/ns/pid` },
          ]),
        },
        keepOutput: (text) => !isGuardNoise(text),
        release: () => this.remove(guard),
      };
    } catch (err) {
      if (id) await this.remove(id);
      if (err instanceof CancelledError || err instanceof TimeoutError || err instanceof RuntimeUnavailableError) throw err;
      const what = `the build of ${input.tags[0] ?? 'an image'}`;
      if (this.network === 'none') {
        throw new BuildError(`cannot take the network away from ${what}: no build guard could be made (${(err as Error).message})`, { cause: err });
      }
      this.engine.warn(`[mikrocloud] cannot guard ${what} (cancelling it will not stop its steps): ${(err as Error).message}`);
      // `Host: false`: a network namespace of buildah's own on Podman's default network, never the host's.
      return { query: { nsoptions: JSON.stringify([{ Name: 'network', Host: false }]) }, release: async () => undefined };
    }
  }

  /** Removes a guard, and with it every process left in its PID namespace. Never rejects. */
  private async remove(id: string): Promise<void> {
    try {
      await this.engine.call({
        method: 'DELETE',
        path: `${LIBPOD}/containers/${id}`,
        query: { force: true, timeout: 0, v: true },
        unversioned: true,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      if (err instanceof NotFoundError) return;
      this.engine.warn(`[mikrocloud] could not remove build guard container ${id.slice(0, 12)}: ${(err as Error).message}`);
    }
  }

  /** The guard image's id, imported once when the engine lacks it. */
  private guardImage(signal: AbortSignal | undefined): Promise<string> {
    this.image ??= this.findOrImport(signal).catch((err: unknown) => {
      this.image = undefined;
      throw err;
    });
    return this.image;
  }

  private async findOrImport(signal: AbortSignal | undefined): Promise<string> {
    const sig = signal ? { signal } : {};
    try {
      const image = await this.engine.call<{ Id: string }>({ method: 'GET', path: `/images/${BUILD_GUARD_IMAGE}/json`, ...sig });
      return image.Id;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    const imported = await this.engine.call<{ Id: string }>({
      method: 'POST',
      path: `${LIBPOD}/images/import`,
      query: { reference: BUILD_GUARD_IMAGE, changes: [`LABEL ${BUILD_GUARD_LABEL}=image`] },
      body: Readable.from([guardImageTar()]),
      contentType: 'application/x-tar',
      unversioned: true,
      ...sig,
    });
    return imported.Id;
  }
}

/** A tar of the guard image's one file, executable. */
export function guardImageTar(): Buffer {
  return tarArchive({ [GUARD_COMMAND.slice(1)]: { content: GUARD_SCRIPT, mode: 0o755 } });
}
