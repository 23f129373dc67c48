import { execFile } from 'node:child_process';
import { chmod, chown, cp, lchown, lstat, mkdir, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { BuildError, ValidationError } from '@mikrocloud/core';
import { readConfinedText, walkInside } from '../workspace/confine.js';
import { CLI_DOCKERFILE, runNixpacksCli, type CliUser } from './cli.js';
import type { NixpacksConfig } from './config.js';

const run = promisify(execFile);

/** The grammar of `nixpacksUser`: a POSIX user name. */
const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}\$?$/;

/** Largest file read back from the CLI's output, and largest total. */
const MAX_OUTPUT_FILE_BYTES = 1024 * 1024;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
const MAX_OUTPUT_FILES = 1000;

/** The uid and gid of a user name, looked up with `id` (argv, no shell). */
export async function lookupUser(name: string): Promise<CliUser> {
  if (!USER_NAME.test(name)) throw ValidationError.field('nixpacksUser', 'must be a user name (lower-case letters, digits, "_" and "-")');
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', '--', name]), run('id', ['-g', '--', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new BuildError(`the nixpacks user "${name}" does not exist on this host; create it or set [build] nixpacks_user`);
  }
}

async function chownTree(dir: string, user: CliUser): Promise<void> {
  await lchown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full, user);
    else await lchown(full, user.uid, user.gid);
  }
}

/** Copies the checkout (no `.git`, no links out of it, regular files, directories and links only). */
async function copyCheckout(root: string, dest: string): Promise<void> {
  await cp(root, dest, {
    recursive: true,
    verbatimSymlinks: true,
    filter: async (source) => {
      const rel = path.relative(root, source);
      if (rel === '') return true;
      if (rel === '.git') return false;
      const info = await lstat(source);
      if (info.isSymbolicLink()) {
        if (path.isAbsolute(await readlink(source))) return false;
        return walkInside(root, rel.split(path.sep).join('/'), 'path').then(
          () => true,
          () => false,
        );
      }
      return info.isFile() || info.isDirectory();
    },
  });
}

/** Reads back every regular file under `outDir/.nixpacks`, confined and capped; links are skipped. */
async function readOutput(outDir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  let total = 0;
  let count = 0;
  const walk = async (rel: string): Promise<void> => {
    const target = await walkInside(outDir, rel, 'nixpacks output');
    if (!target.exists) return;
    for (const entry of (await readdir(target.path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) {
        if (++count > MAX_OUTPUT_FILES) throw new BuildError(`nixpacks wrote more than ${MAX_OUTPUT_FILES} files`);
        const text = await readConfinedText(outDir, child, { field: 'nixpacks output', maxBytes: MAX_OUTPUT_FILE_BYTES });
        if (text === undefined) continue;
        total += Buffer.byteLength(text);
        if (total > MAX_OUTPUT_BYTES) throw new BuildError(`nixpacks wrote more than ${MAX_OUTPUT_BYTES} bytes`);
        files[child] = text;
      }
      // Links, FIFOs and devices the CLI left behind are never followed nor read.
    }
  };
  await walk('.nixpacks');
  return files;
}

export interface ConfinedCliOptions {
  executable: string;
  /** The user the CLI runs as (see {@link lookupUser}). */
  user: CliUser;
  /** Variables the CLI sees besides HOME. Default: only PATH. */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** What the CLI produced, as build spec parts: the Dockerfile and the `.nixpacks/` files beside it. */
export interface CliOutput {
  dockerfile: string;
  files: Record<string, string>;
}

/**
 * Runs the nixpacks CLI on a checkout without trusting it: as `options.user` (uid/gid, argv only),
 * on a copy of the checkout owned by that user, writing into a fresh private directory outside the
 * checkout (mkdtemp, 0700, owned by that user). Only regular files under `.nixpacks/` are read
 * back, confined and capped; everything is removed afterwards.
 */
export async function runConfinedNixpacks(root: string, config: NixpacksConfig, options: ConfinedCliOptions): Promise<CliOutput> {
  const ownUid = process.getuid?.();
  if (ownUid !== undefined && ownUid !== 0 && ownUid !== options.user.uid) {
    throw new BuildError(`running nixpacks as uid ${options.user.uid} needs a server running as root; set [build] nixpacks_user to the server's own user or turn nixpacks_cli off`);
  }
  const base = await mkdtemp(path.join(os.tmpdir(), 'mcnixpacks-'));
  try {
    // The parent can be traversed but not listed or written; each child belongs to the CLI's user.
    await chmod(base, 0o711);
    const appDir = path.join(base, 'app');
    const home = await mkdtemp(path.join(base, 'home-'));
    const outDir = await mkdtemp(path.join(base, 'out-'));
    await copyCheckout(root, appDir);
    await chownTree(appDir, options.user);
    for (const dir of [home, outDir]) {
      await chmod(dir, 0o700);
      await chown(dir, options.user.uid, options.user.gid);
    }
    const env = { ...(options.env ?? { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' }), HOME: home };
    await runNixpacksCli(appDir, outDir, config, {
      executable: options.executable,
      env,
      user: options.user,
      cwd: home,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    const files = await readOutput(outDir);
    const dockerfile = files[CLI_DOCKERFILE];
    if (dockerfile === undefined) throw new BuildError(`nixpacks ran but wrote no ${CLI_DOCKERFILE} (a regular file) in its output directory`);
    delete files[CLI_DOCKERFILE];
    return { dockerfile, files };
  } finally {
    await rm(base, { recursive: true, force: true, maxRetries: 3 });
  }
}
