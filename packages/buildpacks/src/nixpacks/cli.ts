import { execFile } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { BuildError, redact } from '@mikrocloud/core';
import type { NixpacksConfig } from './config.js';

/** Where `nixpacks build --out` writes the Dockerfile, relative to the output directory. */
export const CLI_DOCKERFILE = '.nixpacks/Dockerfile';

/**
 * The argv for `nixpacks build`: every user value is its own argument, never part of a shell
 * string. Secret variables are left out: Nixpacks turns `--env` into ARG/ENV lines, which
 * would put them in the image history.
 */
export function nixpacksCliArgs(appDir: string, outDir: string, config: NixpacksConfig): string[] {
  const argv = ['build', appDir, '--out', outDir];
  if (config.install_command !== undefined) argv.push('--install-cmd', config.install_command);
  if (config.build_command !== undefined) argv.push('--build-cmd', config.build_command);
  if (config.start_command !== undefined) argv.push('--start-cmd', config.start_command);
  for (const [name, v] of Object.entries(config.variables ?? {})) {
    if (typeof v === 'object' && v.secret) continue;
    argv.push('--env', `${name}=${typeof v === 'string' ? v : v.value}`);
  }
  return argv;
}

/** The first executable `nixpacks` on `env.PATH`, or undefined. */
export async function findNixpacks(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue; // a relative PATH entry would resolve against the repository
    const candidate = path.join(dir, 'nixpacks');
    try {
      await access(candidate, constants.X_OK);
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A user the CLI runs as. */
export interface CliUser {
  uid: number;
  gid: number;
}

export interface RunCliOptions {
  executable: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this user (spawned with its uid and gid). Default: the server's own user. */
  user?: CliUser;
  /** Working directory of the process. Default: the server's. */
  cwd?: string;
  signal?: AbortSignal;
  /** Default 10 minutes. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Runs `nixpacks build APP --out OUT` (execFile, no shell) and returns the Dockerfile path it
 * wrote. Output lines go to `log` with secret values redacted. The caller confines what it reads
 * back (see `runConfinedNixpacks`).
 */
export async function runNixpacksCli(appDir: string, outDir: string, config: NixpacksConfig, options: RunCliOptions): Promise<string> {
  const argv = nixpacksCliArgs(appDir, outDir, config);
  const secrets = Object.values(config.variables ?? {}).flatMap((v) => (typeof v === 'object' && v.secret ? [v.value] : []));
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      options.executable,
      argv,
      {
        env: options.env ?? process.env,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        timeout: options.timeoutMs ?? 600_000,
        maxBuffer: 16 * 1024 * 1024,
        ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        const text = `${stdout}${stderr}`;
        if (error) reject(new BuildError(`nixpacks failed: ${redact(`${error.message}\n${text}`, secrets).slice(0, 4000)}`, { cause: error }));
        else resolve(text);
      },
    );
  });
  for (const line of output.split('\n')) if (line.trim() !== '') options.log?.(redact(line, secrets));
  return path.join(outDir, CLI_DOCKERFILE);
}
