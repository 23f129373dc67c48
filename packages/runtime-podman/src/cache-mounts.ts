import { constants } from 'node:fs';
import { lstat } from 'node:fs/promises';

/**
 * Where buildah (Podman 4.x) keeps `RUN --mount=type=cache` directories: one directory under
 * `/var/tmp` for every user of the host, rootful and rootless services alike.
 *
 * This process looks at its own `/var/tmp`. Under systemd's `PrivateTmp=` (on this server's unit
 * or on the Podman service's) the two see different directories, and the answer is about the
 * wrong one: run both without PrivateTmp, or with the same `/var/tmp`, where cache mounts matter.
 */
export const BUILDAH_CACHE_DIR = '/var/tmp/buildah-cache';

type Stat = (path: string) => Promise<{ uid: number; mode: number }>;

/**
 * Whether a service's builds may use cache mounts. A rootless service may not: once a rootful
 * build has created the shared directory it cannot create its caches there (the build fails),
 * and a cache it created first would be writable by its user and mounted into root's builds. A
 * rootful service may while the directory is absent (root creates it) or owned by root and
 * writable by root only; otherwise another user could plant files in root's caches. The path itself
 * must be that directory: a symlink (never followed) or a file there means no cache mounts.
 */
export async function buildahCacheMountsUsable(rootless: boolean, statPath: Stat = lstat, dir = BUILDAH_CACHE_DIR): Promise<boolean> {
  if (rootless) return false;
  try {
    const info = await statPath(dir);
    return (info.mode & constants.S_IFMT) === constants.S_IFDIR && info.uid === 0 && (info.mode & 0o022) === 0;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
