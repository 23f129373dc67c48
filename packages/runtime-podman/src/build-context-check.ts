import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { abortError, findUnconfinedMounts, isMikrocloudError, UnprocessableError, ValidationError, type UnconfinedMount } from '@mikrocloud/core';
import tar from 'tar-stream';

/**
 * Checking a build context before Podman sees it.
 *
 * Buildah (Podman's builder) takes the paths of a Dockerfile's `RUN --mount` at their word in
 * the versions distributions ship (CVE-2024-1753, CVE-2024-9675): a cache id or bind source that
 * climbs out, or a bind source through a symbolic link in the context, mounts a host directory
 * into the step. Podman also opens the Dockerfile and the ignore files of the unpacked context on
 * the host, following links. So the context is read once, end to end, before anything is sent:
 * its symbolic links are listed, the Dockerfile is taken from it, and whatever buildah could not
 * confine is refused with its line. The context is kept in a private temporary file meanwhile, so
 * that what is checked is exactly what is sent.
 */

/** Longest Dockerfile read, in bytes (core's parser limit is 1 MiB of text). */
const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/** A build context read and checked: the same bytes again, and what was found in them. */
export interface CheckedBuildContext {
  /** The context, byte for byte as it was given. */
  context(): Readable;
  /** The `RUN --mount` forms buildah cannot confine (empty when the check passed). */
  unconfinedMounts: UnconfinedMount[];
  /** Removes the temporary copy. Never rejects. */
  dispose(): Promise<void>;
}

/** The Dockerfile path of a build as Podman will join it to the context directory, checked. */
export function dockerfilePathOf(dockerfile: string | undefined): string {
  const path = dockerfile ?? 'Dockerfile';
  // Podman reads `dockerfile` as a JSON list of files or a URL too, and joins a path that
  // climbs with the context directory as it is: only a plain relative path is sent.
  if (path === '' || path.includes('\0') || path.startsWith('/') || path.startsWith('[') || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw ValidationError.field('dockerfile', `"${path}" must be a relative path inside the build context`);
  }
  const normal = entryName(path);
  if (normal === '' || normal === '..' || normal.startsWith('../')) {
    throw ValidationError.field('dockerfile', `"${path}" must be a relative path inside the build context`);
  }
  return normal;
}

/** A tar entry's name as a context-relative path: `./a//b/` → `a/b`. */
function entryName(name: string): string {
  const normal = posix.normalize(name.replace(/^(\.\/)+/, ''));
  return normal === '.' ? '' : normal.replace(/\/+$/, '').replace(/^\/+/, '');
}

/** Whether `path` or one of its parent directories is in `links`. */
function goesThroughLink(path: string, links: ReadonlySet<string>): string | undefined {
  const segments = path.split('/');
  for (let i = 1; i <= segments.length; i++) {
    const prefix = segments.slice(0, i).join('/');
    if (links.has(prefix)) return prefix;
  }
  return undefined;
}

/**
 * Reads a build context (a tar stream) into a private temporary file while listing its symbolic
 * links and taking out its Dockerfile; then checks the Dockerfile with core's
 * `findUnconfinedMounts` (the build arguments as the vouched variables). Throws a `ValidationError` (field `dockerfile`) when the Dockerfile is
 * missing, too long, or reached through a link, and when an ignore file Podman reads is a link.
 */
export async function checkBuildContext(
  input: { context: Readable; dockerfile?: string; buildArgs?: Record<string, string> },
  signal?: AbortSignal,
): Promise<CheckedBuildContext> {
  const dockerfile = dockerfilePathOf(input.dockerfile);
  const dir = await mkdtemp(join(tmpdir(), 'mikrocloud-context-'));
  const file = join(dir, 'context.tar');
  const dispose = () => rm(dir, { recursive: true, force: true }).catch(() => undefined);
  try {
    const links = new Set<string>();
    let dockerfileBytes: Buffer | undefined;
    let tooLong = false;
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      const name = entryName(header.name);
      // A hard link to a symbolic link unpacks as one more symbolic link.
      if (header.type === 'symlink' || (header.type === 'link' && links.has(entryName(header.linkname ?? '')))) links.add(name);
      if (name === dockerfile && header.type === 'file') {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (data: unknown) => {
          const chunk = data as Buffer;
          size += chunk.length;
          if (size <= MAX_DOCKERFILE_BYTES) chunks.push(chunk);
          else tooLong = true;
        });
        stream.on('end', () => {
          dockerfileBytes = Buffer.concat(chunks);
          next();
        });
      } else {
        stream.on('end', () => next());
        stream.resume();
      }
    });
    const copy = new PassThrough();
    const parsed = new Promise<void>((resolve, reject) => {
      extract.on('finish', resolve);
      extract.on('error', reject);
    });
    // One pass: every byte goes to the file and to the tar reader.
    const tee = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        const waits = [copy, extract].filter((w) => !w.write(chunk));
        let pending = waits.length;
        if (pending === 0) return callback();
        for (const w of waits) w.once('drain', () => --pending === 0 && callback());
      },
      final(callback) {
        copy.end();
        extract.end(undefined);
        callback();
      },
    });
    await Promise.all([
      pipeline(input.context, tee, signal ? { signal } : {}),
      pipeline(copy, createWriteStream(file, { mode: 0o600 })),
      parsed,
    ]);

    const viaLink = goesThroughLink(dockerfile, links);
    if (viaLink !== undefined) {
      throw ValidationError.field('dockerfile', `"${dockerfile}" goes through the symbolic link "${viaLink}" in the build context; name the file itself`);
    }
    for (const ignore of ['.dockerignore', '.containerignore', `${dockerfile}.dockerignore`, `${dockerfile}.containerignore`]) {
      const link = goesThroughLink(ignore, links);
      if (link !== undefined) throw ValidationError.field('dockerfile', `the ignore file "${ignore}" is a symbolic link ("${link}") in the build context`);
    }
    if (dockerfileBytes === undefined) throw ValidationError.field('dockerfile', `"${dockerfile}" is not a file in the build context`);
    if (tooLong) throw ValidationError.field('dockerfile', `"${dockerfile}" is longer than ${MAX_DOCKERFILE_BYTES} bytes`);

    const unconfinedMounts = findUnconfinedMounts(dockerfileBytes.toString('utf8'), {
      isSymlink: (relativePath) => links.has(entryName(relativePath)),
      // The build's own arguments are what buildah substitutes; the result is judged like any path.
      ...(input.buildArgs ? { variables: input.buildArgs } : {}),
      maxLength: MAX_DOCKERFILE_BYTES,
    });
    return { context: () => createReadStream(file), unconfinedMounts, dispose };
  } catch (err) {
    await dispose();
    if (isMikrocloudError(err)) throw err;
    if (signal?.aborted) throw abortError(signal, err);
    throw ValidationError.field('context', `cannot be read as a tar archive: ${(err as Error).message}`);
  }
}

/** The error a build gets for a Dockerfile whose mounts buildah cannot confine. */
export function unconfinedMountsError(dockerfile: string, mounts: UnconfinedMount[]): UnprocessableError {
  const lines = mounts.map((m) => `line ${m.line}: ${m.instruction ? `${m.instruction} ` : ''}--mount=${m.mount}: ${m.reason}`);
  return new UnprocessableError(
    `${dockerfile} uses RUN --mount forms that Podman's builder cannot confine to the build (${lines.join('; ')}); ` +
      'use a one-word cache id (id=npm) and bind sources inside the build context, or let the operator allow unconfined mounts',
    { details: { dockerfile, mounts } },
  );
}
