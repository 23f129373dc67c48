import { createHash } from 'node:crypto';
import type { ContainerManager } from '@mikrocloud/core';

/**
 * The id prefix of a repository's package caches (`RUN --mount=type=cache,id=<prefix>-npm`):
 * the same for every build of the repository with the same buildpack configuration on this
 * instance, whoever's credentials are in the URL, and different for other repositories and other
 * configurations. The configuration counts because its commands (install, build) run with the
 * caches mounted: a request that chose its own commands could otherwise plant files (build caches,
 * wheels) that later builds of the repository trust. One word, as the build-isolation check of
 * Podman's manager requires.
 */
export function cacheScopeOf(gitRepo: string, instanceId?: string, config?: unknown): string {
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
  const hash = createHash('sha256').update(`${instanceId ?? ''}\n${repo}`);
  if (config !== undefined) hash.update(`\n${canonicalJson(config)}`);
  return `mikrocloud-${hash.digest('hex').slice(0, 16)}`;
}

/** JSON with object keys sorted at every level, so that equal configurations hash alike. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  ) ?? 'null';
}

/** What a build's cache scope depends on. */
export interface CacheScopeSource {
  gitRepo: string;
  /** The configuration the buildpack receives. */
  config?: unknown;
  /** A build without caches gets no scope, so no cache mounts. */
  noCache?: boolean;
}

/**
 * The cache scope of a build on `manager`: undefined when its builder has no cache mounts or the
 * build asked for no cache.
 */
export async function buildCacheScope(
  manager: ContainerManager,
  source: CacheScopeSource,
  instanceId: string | undefined,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<string | undefined> {
  const features = await manager.buildFeatures?.({ signal });
  if (!features) return undefined;
  const mounted = features.cacheMounts && !source.noCache;
  log(`builder: ${features.builder}${mounted ? ' (package caches mounted)' : source.noCache ? ' (no cache requested)' : ' (no cache mounts)'}`);
  return mounted ? cacheScopeOf(source.gitRepo, instanceId, source.config) : undefined;
}
