import {
  ConflictError,
  ForbiddenError,
  Labels,
  NotFoundError,
  ValidationError,
  parseImageReference,
  type ImageInfo,
} from '@mikrocloud/core';

// What an operator lets a manager do with images: which registries it may pull from, when it
// pulls, and which local tags a build may overwrite.

/** When images are pulled on container create: only when missing (default), never, or every time. */
export type PullPolicy = 'missing' | 'never' | 'always';

export const PULL_POLICIES: readonly PullPolicy[] = ['missing', 'never', 'always'];

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** Checks a pull policy option. */
export function checkPullPolicy(policy: PullPolicy | undefined, field = 'pullPolicy'): PullPolicy | undefined {
  if (policy !== undefined && !PULL_POLICIES.includes(policy)) {
    throw ValidationError.field(field, `must be one of ${PULL_POLICIES.join(', ')}`);
  }
  return policy;
}

/** The registry host of an image reference, lower-cased: `docker.io` for Docker Hub names (`nginx`, `library/nginx`). */
export function registryOf(image: string): string {
  const ref = parseImageReference(image);
  if ('error' in ref) throw ValidationError.field('image', ref.error);
  const slash = ref.name.indexOf('/');
  const first = slash < 0 ? '' : ref.name.slice(0, slash);
  // The engines' rule: a first component is a host when it has a dot or a port, or is localhost.
  if (!first || !(first.includes('.') || first.includes(':') || first === 'localhost')) return 'docker.io';
  const host = first.toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host;
}

/** Normalises `allowedRegistries` (lower case, Docker Hub aliases as `docker.io`). Empty means any. */
export function normaliseRegistries(registries: readonly string[] | undefined): string[] {
  return (registries ?? []).map((r) => {
    const host = r.trim().toLowerCase();
    return DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host;
  });
}

/** Throws a ForbiddenError naming the image when its registry is not in `allowed` (empty: any). */
export function checkRegistryAllowed(image: string, allowed: readonly string[]): void {
  if (allowed.length === 0) return;
  const registry = registryOf(image);
  if (!allowed.includes(registry)) {
    throw new ForbiddenError(`image "${image}" comes from registry "${registry}", which is not among the allowed registries (${allowed.join(', ')})`);
  }
}

/**
 * Refuses a build that would move a local tag whose image no build made (it lacks the
 * `io.mikrocloud.build.id` label): base images, other programs' images. Tags not present
 * locally are free.
 */
export async function checkForeignTags(tags: readonly string[], inspect: (ref: string) => Promise<ImageInfo>): Promise<void> {
  for (const tag of tags) {
    let image: ImageInfo;
    try {
      image = await inspect(tag);
    } catch (err) {
      if (err instanceof NotFoundError) continue;
      throw err;
    }
    if (!image.labels[Labels.buildId]) {
      throw new ConflictError(`tag "${tag}" belongs to an image no build made (${image.id}); a build may not overwrite it`);
    }
  }
}
