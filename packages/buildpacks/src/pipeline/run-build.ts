import path from 'node:path';
import { UnprocessableError, ValidationError, redact, throwIfAborted } from '@mikrocloud/core';
import { urlSecrets } from '../git/clone.js';
import { createBuildContext } from '../context/build-context.js';
import type { BuildSpec } from '../plugin/buildpack.js';
import type { BuildDetection, BuiltImage } from '../records/build-record.js';
import type { ValidBuildRequest } from '../service/build-request.js';
import { resolveInside } from '../workspace/confine.js';
import { createWorkspaceDir, openWorkspace } from '../workspace/workspace.js';
import { BuildLabels, INSTANCE_LABEL, secretsOf, type BuildEnvironment } from './build-environment.js';
import { buildCacheScope } from './cache-scope.js';
import { checkout, type Checkout } from './checkout.js';
import { pushBuiltImages } from './push-images.js';

export interface RunBuildOptions {
  signal: AbortSignal;
  /** Receives every log line, already redacted. */
  onLog: (line: string) => void;
  /** Called as soon as the commit is known. */
  onCommit?: (commit: string) => void;
  /** Called when the buildpack reports what it detected (`auto`'s choice, the nixpacks provider); redacted. */
  onDetected?: (detected: BuildDetection) => void;
}

export interface RunBuildResult {
  commit: string;
  images: BuiltImage[];
}

// The pipeline of one request, with no queue and no records: check out, ask the buildpack, build
// each spec on the engine. `BuildService` (queued, recorded) and `createBuilder` (in memory) both
// drive it.

/**
 * Runs one validated build request: a private workspace, a shallow clone, the buildpack's specs,
 * one engine build per spec. The workspace is removed whatever happens.
 */
export async function runBuild(env: BuildEnvironment, request: ValidBuildRequest & { id: string }, options: RunBuildOptions): Promise<RunBuildResult> {
  const secrets = requestSecrets(env, request);
  const log = (line: string) => options.onLog(redact(line, secrets));
  const { signal } = options;
  const workspaceDir = await createWorkspaceDir(env.buildDir, request.id, env.instanceId);
  let github: Checkout['github'];
  try {
    const checkedOut = await checkout(env, request, workspaceDir, signal, log, async (gh) => {
      github = gh;
      await gh.client.setStatus(gh.repo, gh.commit, 'pending', `Building ${request.imageTag}`, log);
    });
    options.onCommit?.(checkedOut.commit);

    const workspace = await openWorkspace(workspaceDir.repoDir);
    const cacheScope = await buildCacheScope(env.manager, request, env.instanceId, signal, log);
    const produced = await request.buildpack.build({
      workspace,
      config: request.config,
      imageTag: request.imageTag,
      buildId: request.id,
      ...(cacheScope === undefined ? {} : { cacheScope }),
      log,
      signal,
      detected: (detected) => {
        const report = redactDetection(detected, secrets);
        if (report) options.onDetected?.(report);
      },
    });
    const specs: BuildSpec[] = Array.isArray(produced) ? produced : [produced];
    let images: BuiltImage[] = [];
    for (const spec of specs) {
      throwIfAborted(signal);
      images.push(await buildSpec(env, workspace.root, spec, request, checkedOut.commit, log, signal, secrets));
    }
    if (request.push) images = await pushBuiltImages(env.manager, images, log, signal);
    if (github) await github.client.setStatus(github.repo, github.commit, 'success', `Built ${request.imageTag}`, log);
    return { commit: checkedOut.commit, images };
  } catch (error) {
    if (github) {
      await github.client.setStatus(github.repo, github.commit, signal.aborted ? 'error' : 'failure', signal.aborted ? 'Build stopped' : 'Build failed', log);
    }
    throw redactError(error, secrets);
  } finally {
    await workspaceDir.dispose();
  }
}

/**
 * What {@link planRepository} returns: the commit looked at, what the buildpack detected
 * (`auto`'s choice and why, the nixpacks provider) and its plan (null when the buildpack `auto`
 * chose builds what the repository describes).
 */
export interface PlanResult {
  commit: string;
  buildpack_type: string;
  detected?: BuildDetection;
  plan: unknown;
}

/**
 * Checks out a validated request's repository and asks its buildpack what it would build,
 * without building (like `nixpacks plan`). A buildpack without a `plan` hook cannot answer: 422.
 * The workspace is removed afterwards.
 */
export async function planRepository(
  env: BuildEnvironment,
  request: ValidBuildRequest & { id: string },
  options: { signal: AbortSignal; onLog?: (line: string) => void },
): Promise<PlanResult> {
  const { buildpack } = request;
  if (!buildpack.plan) {
    throw new UnprocessableError(`the "${buildpack.name}" buildpack has no plan to show; it builds what the repository describes`);
  }
  const secrets = requestSecrets(env, request);
  const log = (line: string) => options.onLog?.(redact(line, secrets));
  const workspaceDir = await createWorkspaceDir(env.buildDir, request.id, env.instanceId);
  try {
    const { commit } = await checkout(env, request, workspaceDir, options.signal, log).catch((error: unknown) => {
      throw redactError(error, secrets);
    });
    const workspace = await openWorkspace(workspaceDir.repoDir);
    let detected: BuildDetection | undefined;
    const cacheScope = await buildCacheScope(env.manager, request, env.instanceId, options.signal, log);
    const plan = await buildpack.plan({
      workspace,
      config: request.config,
      imageTag: request.imageTag,
      buildId: request.id,
      ...(cacheScope === undefined ? {} : { cacheScope }),
      log,
      signal: options.signal,
      detected: (d) => {
        detected = redactDetection(d, secrets) ?? detected;
      },
    });
    return { commit, buildpack_type: buildpack.name, ...(detected ? { detected } : {}), plan: plan ?? null };
  } finally {
    await workspaceDir.dispose();
  }
}

/** The configured secrets plus those the request's repository URL carries (user info, query values). */
function requestSecrets(env: BuildEnvironment, request: ValidBuildRequest): string[] {
  return [...secretsOf(env), ...urlSecrets(request.gitRepo)];
}

/**
 * A buildpack's report, checked (plug-ins are not trusted) and with secrets redacted from its
 * strings before they are cut to 1000 characters, so that a cut cannot leave a secret's prefix
 * behind. A report that is not an object is ignored (undefined).
 */
export function redactDetection(detected: BuildDetection, secrets: readonly string[]): BuildDetection | undefined {
  if (detected === null || typeof detected !== 'object') return undefined;
  const text = (value: unknown) => redact(String(value), secrets).slice(0, 1000);
  return {
    buildpack_type: text(detected.buildpack_type),
    reason: text(detected.reason),
    ...(detected.provider === undefined ? {} : { provider: text(detected.provider) }),
  };
}

// Errors end up in records, responses and server logs: their messages are redacted in place, so
// their class (and HTTP status) is kept.
function redactError(error: unknown, secrets: readonly string[]): unknown {
  if (error instanceof Error) {
    error.message = redact(error.message, secrets);
    if (error instanceof ValidationError) {
      for (const problem of error.problems) problem.message = redact(problem.message, secrets);
    }
    return error;
  }
  return new Error(redact(String(error), secrets));
}

async function buildSpec(
  env: BuildEnvironment,
  root: string,
  spec: BuildSpec,
  request: ValidBuildRequest & { id: string },
  commit: string,
  log: (line: string) => void,
  signal: AbortSignal,
  secrets: readonly string[],
): Promise<BuiltImage> {
  // Specs come from plug-ins: their paths are confined again here, whatever the buildpack did.
  const contextDir = spec.context === '.' ? root : await resolveInside(root, spec.context, 'context');
  const files: Record<string, string> = { ...(spec.files ?? {}) };
  let dockerfile = 'Dockerfile';
  if (spec.dockerfile && 'content' in spec.dockerfile) {
    dockerfile = '.mikrocloud/Dockerfile';
    files[dockerfile] = spec.dockerfile.content;
  } else if (spec.dockerfile) {
    await resolveInside(contextDir, spec.dockerfile.path, 'dockerfile');
    dockerfile = path.posix.normalize(spec.dockerfile.path);
  }
  for (const name of Object.keys(files)) await resolveInside(contextDir, name, 'files');
  const { stream, entries } = await createBuildContext({
    dir: contextDir,
    dockerfile,
    extraFiles: files,
    ...(env.maxContextBytes !== undefined ? { maxBytes: env.maxContextBytes } : {}),
  });
  log(`Building ${spec.tag} (${entries.length} context entries, Dockerfile ${dockerfile})`);
  const labels = {
    ...(env.labels ?? {}),
    [BuildLabels.source]: redact(request.gitRepo, secrets),
    [BuildLabels.revision]: commit,
    [BuildLabels.buildId]: request.id,
    ...(env.instanceId !== undefined ? { [INSTANCE_LABEL]: env.instanceId } : {}),
  };
  try {
    const result = await env.manager.buildImage(
      {
        context: stream,
        dockerfile,
        tags: [spec.tag],
        labels,
        ...(spec.buildArgs ? { buildArgs: spec.buildArgs } : {}),
        ...(spec.target ? { target: spec.target } : {}),
        ...(request.noCache ? { noCache: true } : {}),
      },
      { signal, onLog: log },
    );
    log(`Built ${spec.tag} (${result.image_id})`);
    return { tag: spec.tag, image_id: result.image_id };
  } finally {
    stream.destroy();
  }
}
