import path from 'node:path';
import { Labels, UnprocessableError, redact, throwIfAborted, type ContainerManager } from '@mikrocloud/core';
import { createBuildContext } from '../context/build-context.js';
import { cloneRepository, credentialSecrets, type GitCredentials } from '../git/clone.js';
import { GitHubClient, type GitHubOptions, type GitHubRepo } from '../git/github.js';
import { githubRepoOf, KNOWN_PROTOCOLS, parseRepoUrl, type GitProtocol, type RepoLocation } from '../git/repo-url.js';
import type { BuildSpec } from '../plugin/buildpack.js';
import type { ValidBuildRequest } from '../service/build-request.js';
import type { BuiltImage } from '../records/build-record.js';
import { resolveInside } from '../workspace/confine.js';
import { createWorkspaceDir, openWorkspace, type WorkspaceDir } from '../workspace/workspace.js';

/** Label keys set on every image a build produces. */
export const BuildLabels = {
  source: 'org.opencontainers.image.source',
  revision: 'org.opencontainers.image.revision',
  buildId: Labels.buildId,
} as const;

/** Where and how builds run: shared by {@link BuildService} and {@link createBuilder}. */
export interface BuildEnvironment {
  manager: ContainerManager;
  /** Parent of the per-build workspace directories. */
  buildDir: string;
  /** Protocols `git_repo` may use. Default `["https", "ssh"]`. */
  allowedProtocols?: readonly GitProtocol[];
  github?: GitHubOptions;
  /** Extra labels on every image built. */
  labels?: Record<string, string>;
  /** Wall-clock limit of the clone. Default 10 minutes. */
  cloneTimeoutMs?: number;
  /** Largest checkout accepted. Default 1 GiB. */
  maxRepoBytes?: number;
  /** Largest build context accepted. Default 2 GiB. */
  maxContextBytes?: number;
}

export interface RunBuildOptions {
  signal: AbortSignal;
  /** Receives every log line, already redacted. */
  onLog: (line: string) => void;
  /** Called as soon as the commit is known. */
  onCommit?: (commit: string) => void;
}

export interface RunBuildResult {
  commit: string;
  images: BuiltImage[];
}

/** Secrets a build's output must never show. */
export function secretsOf(env: BuildEnvironment): string[] {
  return env.github ? [env.github.token, ...credentialSecrets({ urlPrefix: '', token: env.github.token })] : [];
}

interface Checkout {
  commit: string;
  /** Set when the repository was resolved through the GitHub API (commit statuses go there). */
  github?: { client: GitHubClient; repo: GitHubRepo; commit: string };
}

/**
 * Clones the request's repository into `workspaceDir.repoDir`: through the GitHub API first when
 * a token is configured (the branch resolved to a commit, the clone pinned to it), else directly.
 */
async function checkout(
  env: BuildEnvironment,
  request: ValidBuildRequest,
  workspaceDir: WorkspaceDir,
  signal: AbortSignal,
  log: (line: string) => void,
  onGitHub?: (github: NonNullable<Checkout['github']>) => Promise<void>,
): Promise<Checkout> {
  const allowed = env.allowedProtocols ?? ['https', 'ssh'];
  throwIfAborted(signal);
  let location: RepoLocation = request.location;
  let branch = request.gitBranch;
  let commit: string | undefined;
  let credentials: GitCredentials | undefined;
  let protocols: readonly GitProtocol[] = allowed;
  let github: Checkout['github'];
  if (env.github) {
    const client = new GitHubClient(env.github);
    const repo = githubRepoOf(request.location, client.host);
    if (repo) {
      const resolved = await client.resolve(repo, branch);
      branch = resolved.branch;
      commit = resolved.commit;
      log(`GitHub: ${repo.owner}/${repo.repo} branch ${branch} is at ${commit}`);
      // The clone URL comes from configuration, not from the user, so its protocol is trusted.
      location = parseRepoUrl(client.cloneUrl(repo), KNOWN_PROTOCOLS);
      protocols = [...new Set([...allowed, location.protocol])];
      if (location.protocol === 'https' && location.host) {
        credentials = { urlPrefix: `https://${location.host}/`, token: env.github.token };
      }
      github = { client, repo, commit };
      await onGitHub?.(github);
    }
  }
  const cloned = await cloneRepository({
    location,
    dir: workspaceDir.repoDir,
    homeDir: workspaceDir.homeDir,
    allowedProtocols: protocols,
    ...(branch !== undefined ? { branch } : {}),
    ...(commit !== undefined ? { commit } : {}),
    recurseSubmodules: request.recurseSubmodules,
    ...(credentials ? { credentials } : {}),
    ...(env.cloneTimeoutMs !== undefined ? { timeoutMs: env.cloneTimeoutMs } : {}),
    ...(env.maxRepoBytes !== undefined ? { maxBytes: env.maxRepoBytes } : {}),
    signal,
    onLog: log,
  });
  throwIfAborted(signal);
  return { commit: cloned.commit, ...(github ? { github } : {}) };
}

/**
 * Runs one validated build request: a private workspace, a shallow clone, the buildpack's specs,
 * one engine build per spec. The workspace is removed whatever happens.
 */
export async function runBuild(env: BuildEnvironment, request: ValidBuildRequest & { id: string }, options: RunBuildOptions): Promise<RunBuildResult> {
  const secrets = secretsOf(env);
  const log = (line: string) => options.onLog(redact(line, secrets));
  const { signal } = options;
  const workspaceDir = await createWorkspaceDir(env.buildDir, request.id);
  let github: Checkout['github'];
  try {
    const checkedOut = await checkout(env, request, workspaceDir, signal, log, async (gh) => {
      github = gh;
      await gh.client.setStatus(gh.repo, gh.commit, 'pending', `Building ${request.imageTag}`, log);
    });
    options.onCommit?.(checkedOut.commit);

    const workspace = await openWorkspace(workspaceDir.repoDir);
    const produced = await request.buildpack.build({
      workspace,
      config: request.config,
      imageTag: request.imageTag,
      buildId: request.id,
      log,
      signal,
    });
    const specs: BuildSpec[] = Array.isArray(produced) ? produced : [produced];
    const images: BuiltImage[] = [];
    for (const spec of specs) {
      throwIfAborted(signal);
      images.push(await buildSpec(env, workspace.root, spec, request, checkedOut.commit, log, signal));
    }
    if (github) await github.client.setStatus(github.repo, github.commit, 'success', `Built ${request.imageTag}`, log);
    return { commit: checkedOut.commit, images };
  } catch (error) {
    if (github) {
      await github.client.setStatus(github.repo, github.commit, signal.aborted ? 'error' : 'failure', signal.aborted ? 'Build stopped' : 'Build failed', log);
    }
    throw error;
  } finally {
    await workspaceDir.dispose();
  }
}

/** What {@link planRepository} returns: the commit looked at and the buildpack's plan. */
export interface PlanResult {
  commit: string;
  buildpack_type: string;
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
  const secrets = secretsOf(env);
  const log = (line: string) => options.onLog?.(redact(line, secrets));
  const workspaceDir = await createWorkspaceDir(env.buildDir, request.id);
  try {
    const { commit } = await checkout(env, request, workspaceDir, options.signal, log);
    const workspace = await openWorkspace(workspaceDir.repoDir);
    const plan = await buildpack.plan({
      workspace,
      config: request.config,
      imageTag: request.imageTag,
      buildId: request.id,
      log,
      signal: options.signal,
    });
    return { commit, buildpack_type: buildpack.name, plan };
  } finally {
    await workspaceDir.dispose();
  }
}

async function buildSpec(
  env: BuildEnvironment,
  root: string,
  spec: BuildSpec,
  request: ValidBuildRequest & { id: string },
  commit: string,
  log: (line: string) => void,
  signal: AbortSignal,
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
    [BuildLabels.source]: redact(request.gitRepo, secretsOf(env)),
    [BuildLabels.revision]: commit,
    [BuildLabels.buildId]: request.id,
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
