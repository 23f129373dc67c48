import { createHash } from 'node:crypto';
import type { ContainerManager } from '@mikrocloud/core';

/**
 * The id prefix of a repository's package caches (`RUN --mount=type=cache,id=<prefix>-npm`):
 * the same for every build of the repository on this instance, whoever's credentials are in the
 * URL, and different for other repositories, so one repository's builds never fill another's
 * caches. One word, as the build-isolation check of Podman's manager requires.
 */
export function cacheScopeOf(gitRepo: string, instanceId?: string): string {
  let repo = gitRepo.trim();
  try {
    const url = new URL(repo);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    repo = url.toString();
  } catch {
    // scp-like ssh (`git@host:owner/repo.git`) and local paths are taken as written.
  }
  repo = repo.replace(/\/+$/, '').replace(/\.git$/, '');
  return `mikrocloud-${createHash('sha256').update(`${instanceId ?? ''}\n${repo}`).digest('hex').slice(0, 16)}`;
}

/** The cache scope of a build on `manager`: undefined when its builder has no cache mounts. */
export async function buildCacheScope(
  manager: ContainerManager,
  gitRepo: string,
  instanceId: string | undefined,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<string | undefined> {
  const features = await manager.buildFeatures?.({ signal });
  if (!features) return undefined;
  log(`builder: ${features.builder}${features.cacheMounts ? ' (package caches mounted)' : ' (no cache mounts)'}`);
  return features.cacheMounts ? cacheScopeOf(gitRepo, instanceId) : undefined;
}
