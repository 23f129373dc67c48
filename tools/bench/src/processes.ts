import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpClient } from './http-client.js';
import { now, sleep } from './stats.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** How the root `start` script runs TypeScript sources (used for a `.ts` script; bundles run on plain node). */
const TS_NODE_ARGS = ['--conditions=@mikrocloud/source', '--import', 'tsx'];

export const repoPath = (...parts: string[]): string => join(ROOT, ...parts);

/** A port that was free a moment ago, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; reports the highest value seen. */
export function sampleRss(pid: number, everyMs = 25): { stop(): number } {
  let max = rssBytes(pid);
  const timer = setInterval(() => {
    try {
      max = Math.max(max, rssBytes(pid));
    } catch {
      // The process is gone; the last value stands.
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        max = Math.max(max, rssBytes(pid));
      } catch {
        // gone
      }
      return max;
    },
  };
}

/** A server child process with its own port and log file. */
export interface ServerProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  port: number;
  client: HttpClient;
  /** Milliseconds from spawn to the first HTTP answer of `readyPath`. */
  startMs: number;
  logFile: string;
  stop(): Promise<void>;
}

const live = new Set<ServerProcess>();

export interface StartOptions {
  name: string;
  /** Script (a `.ts` one runs with the workspace's TypeScript loader), then its arguments. */
  script: string;
  args?: (port: number) => string[];
  env?: NodeJS.ProcessEnv;
  /** Path polled until it answers (any status). */
  readyPath: string;
  logDir: string;
  timeoutMs?: number;
}

/** Spawns a server and waits until it answers over HTTP. */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const logFile = join(options.logDir, `${options.name}-${port}.log`);
  writeFileSync(logFile, '');
  const fd = openSync(logFile, 'a');
  const started = now();
  const child = spawn(process.execPath, [...(options.script.endsWith('.ts') ? TS_NODE_ARGS : []), options.script, ...(options.args?.(port) ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, PORT: String(port) },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  child.once('exit', () => {
    gone = true;
  });
  const client = new HttpClient({ host: '127.0.0.1', port });
  const server: ServerProcess = {
    name: options.name,
    child,
    pid: child.pid ?? -1,
    port,
    client,
    startMs: 0,
    logFile,
    async stop() {
      live.delete(server);
      client.close();
      if (!gone) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
  live.add(server);
  const deadline = started + (options.timeoutMs ?? 30_000);
  const probe = new HttpClient({ host: '127.0.0.1', port });
  try {
    for (;;) {
      if (gone) throw new Error(`${options.name} exited before answering; see ${logFile}:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
      try {
        await probe.request('GET', options.readyPath);
        server.startMs = now() - started;
        return server;
      } catch {
        if (now() > deadline) throw new Error(`${options.name} did not answer within ${options.timeoutMs ?? 30_000} ms; see ${logFile}`);
        await sleep(2);
      }
    }
  } catch (err) {
    await server.stop();
    throw err;
  } finally {
    probe.close();
  }
}

/** Stops every server still running (cleanup path). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...live].map((s) => s.stop().catch(() => {})));
}

export interface RunOptions {
  stdout?: 'pipe' | 'ignore';
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command with argv (no shell); resolves with its exit code and output. */
export function run(
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
    });
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** {@link run}, rejecting on a non-zero exit. */
export async function runOk(command: string, args: string[], options: RunOptions = {}): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.stderr.trim().slice(0, 500)}`);
  return result.stdout;
}
