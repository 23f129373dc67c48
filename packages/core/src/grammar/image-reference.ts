// The grammar of image references, after github.com/distribution/reference (the one Docker and
// Podman use): [domain[:port]/]path-component[/path-component...][:tag][@digest].
const alphaNumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domain = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;

const referencePattern = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const tagPattern = new RegExp(`^${tag}$`);

/** The parts of an image reference. */
export interface ImageReference {
  /** Repository name as written, without tag or digest (`nginx`, `ghcr.io/a/b`). */
  name: string;
  tag?: string;
  digest?: string;
}

/**
 * The repository of `ref` lower-cased, when that alone makes `ref` valid: upper case is the most
 * common mistake, and the one worth naming. The tag and digest keep their case.
 */
function lowerCasedRepository(ref: string): string | undefined {
  const at = ref.indexOf('@');
  const base = at < 0 ? ref : ref.slice(0, at);
  const colon = base.lastIndexOf(':');
  const repoEnd = colon > base.lastIndexOf('/') ? colon : base.length;
  const repo = base.slice(0, repoEnd);
  if (repo === repo.toLowerCase()) return undefined;
  const candidate = `${repo.toLowerCase()}${ref.slice(repoEnd)}`;
  return referencePattern.test(candidate) ? repo.toLowerCase() : undefined;
}

/** Parses an image reference, or returns an explanation of why it is not one. */
export function parseImageReference(ref: string): ImageReference | { error: string } {
  if (typeof ref !== 'string' || ref.length === 0) return { error: 'must be a non-empty image reference' };
  if (ref.length > 512) return { error: 'is longer than 512 characters' };
  const match = referencePattern.exec(ref);
  if (!match) {
    const lower = lowerCasedRepository(ref);
    if (lower !== undefined) {
      return { error: `"${ref}" is not a valid image reference: the repository must be lower-case ("${lower}")` };
    }
    return { error: `"${ref}" is not a valid image reference (expected name[:tag][@digest])` };
  }
  const [, repo, refTag, refDigest] = match;
  // `Org/app` matches the grammar with `Org` as a registry host, but engines take a first
  // component for a host only when it has a `.` or a `:` or is `localhost`: this is an
  // upper-case repository.
  const first = (repo ?? '').split('/');
  const head = first[0] ?? '';
  if (first.length > 1 && !/[.:]/.test(head) && head !== 'localhost' && head !== head.toLowerCase()) {
    return {
      error: `"${ref}" is not a valid image reference: the repository must be lower-case ("${(repo ?? '').toLowerCase()}")`,
    };
  }
  if ((repo ?? '').length > 255) return { error: 'repository name is longer than 255 characters' };
  return {
    name: repo ?? '',
    ...(refTag === undefined ? {} : { tag: refTag }),
    ...(refDigest === undefined ? {} : { digest: refDigest }),
  };
}

/** Whether a string is a valid image reference (`nginx:alpine`, `registry:5000/a/b@sha256:...`). */
export function isImageReference(ref: string): boolean {
  return !('error' in parseImageReference(ref));
}

/** Whether a string is a valid tag (the part after `:`). */
export function isImageTag(tag: string): boolean {
  return tagPattern.test(tag);
}

/**
 * Maps an engine's fully qualified name back to the short form users write:
 * `docker.io/library/nginx:alpine` → `nginx:alpine`, `localhost/app:1` → `app:1`,
 * `docker.io/user/app` → `user/app`. Anything else is returned as it is.
 */
export function shortImageName(ref: string): string {
  if (ref.startsWith('docker.io/library/')) return ref.slice('docker.io/library/'.length);
  if (ref.startsWith('docker.io/')) return ref.slice('docker.io/'.length);
  if (ref.startsWith('localhost/')) return ref.slice('localhost/'.length);
  return ref;
}
