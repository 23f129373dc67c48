import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ValidationError } from '@mikrocloud/core';
import { resolveInside } from './confine.js';

/** Prefix of every workspace directory, so stale ones can be told apart from anything else. */
const WORKSPACE_PREFIX = 'mcbuild-';

/**
 * A checked-out repository that a buildpack reads. Every user path goes through {@link resolve},
 * which refuses paths that leave the repository, including through symbolic links.
 */
export class BuildWorkspace {
  /** @param root real path of the checked-out repository. */
  constructor(readonly root: string) {}

  /** Absolute path of `userPath` inside the repository; ValidationError(field) when it escapes. */
  resolve(userPath: string, field: string): Promise<string> {
    return resolveInside(this.root, userPath, field);
  }

  /** Whether a confined path exists (false when it escapes or is missing). */
  async exists(userPath: string, field = 'path'): Promise<boolean> {
    try {
      await stat(await this.resolve(userPath, field));
      return true;
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      return false;
    }
  }

  /** Whether a confined path is a directory. */
  async isDirectory(userPath: string, field = 'path'): Promise<boolean> {
    try {
      return (await stat(await this.resolve(userPath, field))).isDirectory();
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      return false;
    }
  }

  /** Reads a confined file as UTF-8, refusing files larger than `maxBytes`. */
  async readText(userPath: string, field: string, maxBytes = 1024 * 1024): Promise<string> {
    const file = await this.resolve(userPath, field);
    let info;
    try {
      info = await stat(file);
    } catch {
      throw ValidationError.field(field, `"${userPath}" does not exist in the repository`);
    }
    if (!info.isFile()) throw ValidationError.field(field, `"${userPath}" is not a file`);
    if (info.size > maxBytes) throw ValidationError.field(field, `"${userPath}" is larger than ${maxBytes} bytes`);
    return readFile(file, 'utf8');
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

/** Creates a fresh, private workspace directory for a build. */
export async function createWorkspaceDir(buildDir: string, buildId: string): Promise<WorkspaceDir> {
  await mkdir(buildDir, { recursive: true, mode: 0o700 });
  const dir = path.join(buildDir, `${WORKSPACE_PREFIX}${buildId}-${randomBytes(6).toString('hex')}`);
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
 * Removes workspace directories left behind by a process that died mid-build. Only entries
 * carrying the workspace prefix are touched. Returns the names removed.
 */
export async function sweepStaleWorkspaces(buildDir: string, keep: ReadonlySet<string> = new Set()): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(buildDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of entries) {
    if (!name.startsWith(WORKSPACE_PREFIX) || keep.has(name)) continue;
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
