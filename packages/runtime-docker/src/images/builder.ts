import { abortError, throwIfAborted, type CallOptions } from '@mikrocloud/core';
import { compareVersions, type EngineCalls } from '../engine/transport.js';
import type { EngineVersion } from '../engine/types.js';

/** Which of Docker Engine's builders runs a build: `auto` takes BuildKit where the engine has it. */
export type DockerBuilder = 'auto' | 'buildkit' | 'legacy';

export const DOCKER_BUILDERS: readonly DockerBuilder[] = ['auto', 'buildkit', 'legacy'];

/** BuildKit came to `POST /build` (`version=2`) with Docker 18.09, API 1.39, on Linux only. */
const BUILDKIT_MIN_API = '1.39';

/** Whether an engine that answered `GET /version` so has BuildKit behind `POST /build?version=2`. */
export function engineHasBuildKit(version: EngineVersion): boolean {
  const api = /^\d+\.\d+/.exec(version.ApiVersion ?? '')?.[0];
  return (version.Os ?? 'linux').toLowerCase() === 'linux' && api !== undefined && compareVersions(api, BUILDKIT_MIN_API) >= 0;
}

/**
 * Decides, once per manager, which builder `auto` means on its engine (asked again after a
 * failed answer, so an engine that was down is asked when it is back). Docker Engine's BuildKit
 * does not apply a build's memory and CPU limits, so `auto` keeps the legacy builder while the
 * manager has build limits: a limit the operator set is never dropped silently.
 */
export class DockerBuilderChoice {
  private probe: Promise<'buildkit' | 'legacy'> | undefined;

  constructor(
    readonly configured: DockerBuilder,
    private readonly limited = false,
  ) {}

  /** The builder of the next build. */
  async resolve(calls: EngineCalls, options: CallOptions = {}): Promise<'buildkit' | 'legacy'> {
    if (this.configured !== 'auto') return this.configured;
    if (this.limited) return 'legacy';
    // Shared by concurrent builds, so it carries no caller's signal; each caller still stops waiting on its own.
    this.probe ??= calls
      .call<EngineVersion>({ method: 'GET', path: '/version' }, { action: 'ask the engine for its builder' })
      .then((version) => (engineHasBuildKit(version) ? 'buildkit' : 'legacy'));
    try {
      return await abortable(this.probe, options.signal);
    } catch (err) {
      this.probe = undefined;
      throw err;
    }
  }
}

/** The query of `POST /build` that picks the builder: `version=2` is BuildKit, `1` the legacy one. */
export function builderQuery(builder: 'buildkit' | 'legacy'): { version: string } {
  return { version: builder === 'buildkit' ? '2' : '1' };
}

/** `promise`, or a CancelledError as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
