import { isMikrocloudError, isTimeoutReason, type ErrorCode } from '@mikrocloud/core';
import { runBuild } from '../pipeline/run-build.js';
import type { BuildDetection, BuiltImage } from '../records/build-record.js';
import { LogBudget } from '../records/log-budget.js';
import { resolveServiceBounds } from './bounds.js';
import type { BuildRequest } from './build-request-types.js';
import { createBuildSetup, errorMessage, type BuildSetupOptions } from './build-setup.js';

/** Options of {@link createBuilder}: the build environment, `registry`, `imageNamespace` and `maxLogBytes`. */
export type BuilderOptions = BuildSetupOptions;

/** The outcome of one SDK build. */
export interface BuilderResult {
  success: boolean;
  image_tag: string;
  image_id: string | null;
  images: BuiltImage[];
  commit: string | null;
  /** What the build detected: `auto`'s choice and why, the nixpacks provider (null when nothing was reported). */
  detected: BuildDetection | null;
  /**
   * Every log line, collected in memory (this is the small-program API; servers use BuildService),
   * up to `maxLogBytes`, then one truncation line.
   */
  logs: string[];
  /** Redacted error message when the build failed. */
  error: string | null;
  /**
   * Why the build did not succeed, as a stable code: `cancelled` (the caller's signal),
   * `timed_out` (a signal from `AbortSignal.timeout()`), `build_failed`, `not_found`,
   * `runtime_unavailable`, ... (the {@link MikrocloudError} code); `null` on success.
   */
  error_code: ErrorCode | null;
}

/**
 * Builds images from git repositories without a server, database or queue. Validation errors
 * are thrown; build failures are reported in the result. Logs are kept in memory, so use
 * `BuildService` for long-running servers and very chatty builds.
 *
 * @example
 * const builder = createBuilder({ manager, buildDir: '/tmp/builds' });
 * const result = await builder.build({ git_repo: 'https://github.com/u/app.git', buildpack_type: 'dockerfile', image_tag: 'app:1' });
 */
export function createBuilder(options: BuilderOptions) {
  const setup = createBuildSetup(options);
  const { maxLogBytes } = resolveServiceBounds({ ...(options.maxLogBytes !== undefined ? { maxLogBytes: options.maxLogBytes } : {}) });
  return {
    registry: setup.registry,
    async build(request: BuildRequest, callOptions: { onLog?: (line: string) => void; signal?: AbortSignal } = {}): Promise<BuilderResult> {
      const valid = setup.validator.parse(request);
      const id = valid.id ?? setup.newId('build');
      const logs: string[] = [];
      const budget = new LogBudget(maxLogBytes);
      let commit: string | null = null;
      let detected: BuildDetection | null = null;
      try {
        const result = await runBuild(
          options,
          { ...valid, id },
          {
            signal: callOptions.signal ?? new AbortController().signal,
            onLog: (line) => {
              const kept = budget.admit(line);
              if (kept === undefined) return;
              logs.push(kept);
              callOptions.onLog?.(kept);
            },
            onCommit: (c) => (commit = c),
            onDetected: (d) => (detected = d),
          },
        );
        return { success: true, image_tag: valid.imageTag, image_id: result.images[0]?.image_id ?? null, images: result.images, commit: result.commit, detected, logs, error: null, error_code: null };
      } catch (error) {
        const signal = callOptions.signal;
        const code: ErrorCode = signal?.aborted
          ? isTimeoutReason(signal.reason)
            ? 'timed_out'
            : 'cancelled'
          : isMikrocloudError(error)
            ? error.code
            : 'build_failed';
        return { success: false, image_tag: valid.imageTag, image_id: null, images: [], commit, detected, logs, error: errorMessage(setup, error), error_code: code };
      }
    },
  };
}
