import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { BuildError, ValidationError, checkInstanceId } from '@mikrocloud/core';
import { DEFAULT_MAX_READ_BYTES, readConfinedText, resolveInside, walkInside } from './confine.js';

/** Prefix of every workspace directory, so stale ones can be told apart from anything else. */
const WORKSPACE_PREFIX = 'mcbuild-';

/**
 * A checked-out repository that a buildpack reads. Every user path goes through {@link resolve},
 * which refuses paths that leave the repository, including through symbolic links, and every
 * file is read through {@link readText} (confined, regular files only, size-capped).
 */
export class BuildWorkspace {
  /** @param root real path of the checked-out repository. */
  constructor(readonly root: string) {}

  /** Absolute path of `userPath` inside the repository; ValidationError(field) when it escapes. */
  resolve(userPath: string, field: string): Promise<string> {
    return resolveInside(this.root, userPath, field);
  }

  /** Whether a confined path exists (ValidationError when it escapes). */
  async exists(userPath: string, field = 'path'): Promise<boolean> {
    return (await walkInside(this.root, userPath, field)).exists;
  }

  /** Whether a confined path is a directory. */
  async isDirectory(userPath: string, field = 'path'): Promise<boolean> {
    const target = await walkInside(this.root, userPath, field);
    return target.exists && (await lstat(target.path)).isDirectory();
  }

  /** Reads a confined regular file as UTF-8, refusing files larger than `maxBytes` (default 1 MiB). */
  async readText(userPath: string, field: string, maxBytes = DEFAULT_MAX_READ_BYTES): Promise<string> {
    const text = await readConfinedText(this.root, userPath, { field, maxBytes });
    if (text === undefined) throw ValidationError.field(field, `"${userPath}" does not exist in the repository`);
    return text;
  }

  /** Reads a confined regular file as UTF-8, or undefined when it does not exist. */
  readOptionalText(userPath: string, field: string, maxBytes = DEFAULT_MAX_READ_BYTES): Promise<string | undefined> {
    return readConfinedText(this.root, userPath, { field, maxBytes });
  }
}

/** A directory owned by one build, removed by {@link WorkspaceDir.dispose} whatever happened. */
export interface WorkspaceDir {
  /** `<buildDir>/mcbuild-<id>-<random>` */
  path: string;
  /** Where the repository is cloned (`<path>/src`). */
  repoDir: string;
  /** An empty directory used as git's HOME, so no host configuration applies. */
  homeDir: string;
  dispose(): Promise<void>;
}

/** Throws a ValidationError naming `instanceId` unless it matches the instance id grammar. */
export { checkInstanceId };

// Workspaces of an instance are named `mcbuild@<instance>@<build>-<random>`: "@" occurs in neither
// grammar, so a server never mistakes another instance's workspace (or an unlabelled one) for its own.
function workspacePrefix(instanceId: string | undefined): string {
  return instanceId === undefined ? WORKSPACE_PREFIX : `mcbuild@${checkInstanceId(instanceId)}@`;
}

/**
 * Makes sure `buildDir` is a directory only the server can touch: created 0700 (parents
 * included) when missing, refused with a BuildError saying the fix when it is a symbolic link, is
 * not a directory, is not owned by the server's user, or is writable by its group or others.
 */
export async function prepareBuildDir(buildDir: string): Promise<void> {
  const dir = path.resolve(buildDir);
  try {
    await lstat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(dir), { recursive: true, mode: 0o700 });
    await mkdir(dir, { mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
  const info = await lstat(dir);
  const refuse = (why: string, fix: string): never => {
    throw new BuildError(`the build directory ${dir} ${why}; ${fix}`);
  };
  if (info.isSymbolicLink()) refuse('is a symbolic link', 'point build_dir at a real directory, or remove the link so it is created');
  if (!info.isDirectory()) refuse('is not a directory', 'remove it or choose another build_dir');
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    refuse(`is owned by uid ${info.uid}, not by this server (uid ${uid})`, `remove it so it is created, or run chown ${uid} on it`);
  }
  if ((info.mode & 0o022) !== 0) {
    refuse(`is writable by other users (mode ${(info.mode & 0o777).toString(8)})`, 'run chmod 700 on it');
  }
}

/** Creates a fresh, private workspace directory for a build (named after `instanceId` when given). */
export async function createWorkspaceDir(buildDir: string, buildId: string, instanceId?: string): Promise<WorkspaceDir> {
  await mkdir(buildDir, { recursive: true, mode: 0o700 });
  const dir = path.join(buildDir, `${workspacePrefix(instanceId)}${buildId}-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { mode: 0o700 });
  const homeDir = path.join(dir, 'home');
  await mkdir(homeDir, { mode: 0o700 });
  return {
    path: dir,
    repoDir: path.join(dir, 'src'),
    homeDir,
    dispose: () => rm(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}

/**
 * Removes workspace directories left behind by a process that died mid-build. Only entries of
 * this instance (`instanceId`; without it, the unlabelled ones) are touched, minus `keep`.
 * Returns the names removed.
 */
export async function sweepStaleWorkspaces(buildDir: string, keep: ReadonlySet<string> = new Set(), instanceId?: string): Promise<string[]> {
  const prefix = workspacePrefix(instanceId);
  let entries: string[];
  try {
    entries = await readdir(buildDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of entries) {
    if (!name.startsWith(prefix) || keep.has(name)) continue;
    await rm(path.join(buildDir, name), { recursive: true, force: true, maxRetries: 3 });
    removed.push(name);
  }
  return removed;
}

/** Total size in bytes of the regular files under `dir` (symlinks are not followed). */
export async function directorySize(dir: string, stopAbove = Number.POSITIVE_INFINITY): Promise<number> {
  let total = 0;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) {
        total += (await lstat(full)).size;
        if (total > stopAbove) return total;
      }
    }
  }
  return total;
}

/** The real path of a checked-out repository, as a {@link BuildWorkspace}. */
export async function openWorkspace(repoDir: string): Promise<BuildWorkspace> {
  return new BuildWorkspace(await realpath(repoDir));
}
