import path from 'node:path';
import { Labels, redact, throwIfAborted, type ContainerManager } from '@mikrocloud/core';
import { createBuildContext } from '../context/build-context.js';
import { cloneRepository, credentialSecrets, type GitCredentials } from '../git/clone.js';
import { GitHubClient, type GitHubOptions, type GitHubRepo } from '../git/github.js';
import { githubRepoOf, KNOWN_PROTOCOLS, parseRepoUrl, type GitProtocol, type RepoLocation } from '../git/repo-url.js';
import type { BuildSpec } from '../plugin/buildpack.js';
import type { ValidBuildRequest } from '../plugin/request.js';
import type { BuiltImage } from '../records/build-record.js';
import { resolveInside } from '../workspace/confine.js';
import { createWorkspaceDir, openWorkspace } from '../workspace/workspace.js';

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

/**
 * Runs one validated build request: a private workspace, a shallow clone, the buildpack's specs,
 * one engine build per spec. The workspace is removed whatever happens.
 */
export async function runBuild(env: BuildEnvironment, request: ValidBuildRequest & { id: string }, options: RunBuildOptions): Promise<RunBuildResult> {
  const secrets = secretsOf(env);
  const log = (line: string) => options.onLog(redact(line, secrets));
  const { signal } = options;
  const allowed = env.allowedProtocols ?? ['https', 'ssh'];
  const workspaceDir = await createWorkspaceDir(env.buildDir, request.id);
  let github: { client: GitHubClient; repo: GitHubRepo; commit: string } | undefined;
  try {
    throwIfAborted(signal);
    let location: RepoLocation = request.location;
    let branch = request.gitBranch;
    let commit: string | undefined;
    let credentials: GitCredentials | undefined;
    let protocols: readonly GitProtocol[] = allowed;
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
        await client.setStatus(repo, commit, 'pending', `Building ${request.imageTag}`, log);
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
    options.onCommit?.(cloned.commit);
    throwIfAborted(signal);

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
      images.push(await buildSpec(env, workspace.root, spec, request, cloned.commit, log, signal));
    }
    if (github) await github.client.setStatus(github.repo, github.commit, 'success', `Built ${request.imageTag}`, log);
    return { commit: cloned.commit, images };
  } catch (error) {
    if (github) {
      await github.client.setStatus(github.repo, github.commit, signal.aborted ? 'error' : 'failure', signal.aborted ? 'Build stopped' : 'Build failed', log);
    }
    throw error;
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
