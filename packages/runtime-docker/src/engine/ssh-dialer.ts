import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import type { EngineEndpoint, EngineSshSettings } from './endpoint.js';
import { retireAgent } from './retire-agent.js';

/** Why an ssh connection to an engine could not be made (the ssh client's own words). */
export class EngineSshError extends Error {
  readonly code = 'ESSHCONNECT';
}

const STDERR_LIMIT = 4096;
/** Longest piece of the ssh client's stderr quoted in an error message. */
const STDERR_QUOTE_LIMIT = 300;
const DEFAULT_MAX_AGE_MS = 10 * 60_000;
/** Seconds an ssh master connection stays up after its last stream ended. */
const CONTROL_PERSIST_S = 60;

/**
 * One HTTP connection carried by an ssh session running `docker system dial-stdio` on the remote
 * side (what the Docker CLI does for `ssh://`). Destroying it ends only this session.
 */
class SshSessionStream extends Duplex {
  private stderr = '';
  private receivedData = false;

  constructor(private readonly child: ChildProcessWithoutNullStreams, private readonly address: string) {
    super();
    child.stdout.on('data', (chunk: Buffer) => {
      this.receivedData = true;
      if (!this.push(chunk)) child.stdout.pause();
    });
    // Without a byte from the remote side the end is ssh's or dial-stdio's failure: wait for the
    // exit status to tell why.
    child.stdout.on('end', () => {
      if (this.receivedData || child.exitCode !== null || child.signalCode !== null) this.push(null);
      else child.once('exit', () => this.push(null));
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_LIMIT) this.stderr += chunk.toString('utf8');
    });
    child.stdin.on('error', () => undefined);
    child.on('error', (err) => this.destroy(new EngineSshError(`cannot run the ssh client for ${this.address}: ${err.message}`, { cause: err })));
    child.on('exit', (code) => {
      // 255: ssh itself failed (unreachable host, refused key, unknown or changed host key);
      // another status: the remote docker could not reach its engine.
      if (code !== 0 && code !== null && !this.receivedData) {
        const what = code === 255 ? 'failed' : 'connected, but the remote engine did not answer';
        this.destroy(new EngineSshError(`ssh to ${this.address} ${what}: ${this.lastStderrLine() || `exit status ${code}`}`));
      }
    });
  }

  private lastStderrLine(): string {
    const lines = this.stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('Warning: Permanently added'));
    const last = lines[lines.length - 1] ?? '';
    return last.length > STDERR_QUOTE_LIMIT ? `${last.slice(0, STDERR_QUOTE_LIMIT)}…` : last;
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    this.child.stdin.write(chunk, callback);
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.child.stdin.end(callback);
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    callback(err);
  }

  // What http's agent calls on a socket; a pipe to a child process has nothing to set.
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  setTimeout(): this {
    return this;
  }
  ref(): this {
    this.child.ref();
    for (const pipe of [this.child.stdout, this.child.stdin] as unknown as Array<{ ref?: () => void }>) pipe.ref?.();
    return this;
  }
  unref(): this {
    this.child.unref();
    for (const pipe of [this.child.stdout, this.child.stdin] as unknown as Array<{ unref?: () => void }>) pipe.unref?.();
    return this;
  }
}

/** Why a path cannot be an ssh option value (a quote or a line break), or undefined when it can. */
export function sshPathProblem(path: string): string | undefined {
  return /["\r\n]/.test(path) ? 'contains a quote or a line break, which an ssh option value cannot hold' : undefined;
}

/** An ssh option value as one argument: `%` is literal, quotes keep spaces together. */
function optionValue(name: string, path: string): string {
  if (sshPathProblem(path)) throw new EngineSshError(`ssh ${name} path ${JSON.stringify(path)} contains a quote or a line break`);
  return `${name}="${path.replaceAll('%', '%%')}"`;
}

/**
 * Reaches an engine over ssh with the system's `ssh` client, running `docker system dial-stdio`
 * on the remote host. Host keys are checked strictly (`StrictHostKeyChecking=yes`, the configured
 * known_hosts file only) and the client never prompts (`BatchMode`). One ssh connection per
 * generation is shared by every session (`ControlMaster`); HTTP connections over it are kept
 * alive and reused. After `maxConnectionAgeMs` new requests go to a fresh connection while the
 * old one stays up until its last stream ends; a connection that died is replaced on the next
 * request.
 */
export class SshDialer {
  private controlDir: string | undefined;
  private generation = 0;
  private generationStarted = 0;
  private agent: http.Agent | undefined;

  constructor(
    private readonly endpoint: Extract<EngineEndpoint, { kind: 'ssh' }>,
    readonly address: string,
  ) {}

  private get settings(): EngineSshSettings {
    return this.endpoint.ssh;
  }

  request(options: http.RequestOptions): http.ClientRequest {
    return http.request({ ...options, agent: this.currentAgent() });
  }

  /** Stops the ssh connections once their running streams end. */
  close(): void {
    this.retire();
  }

  private currentAgent(): http.Agent {
    const maxAge = this.settings.maxConnectionAgeMs ?? DEFAULT_MAX_AGE_MS;
    if (this.agent && Date.now() - this.generationStarted > maxAge) this.retire();
    if (!this.agent) {
      this.generation += 1;
      this.generationStarted = Date.now();
      const controlPath = join(this.controlDirectory(), String(this.generation));
      const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 4 });
      // The agent's own createConnection would open TCP; each of its sockets is an ssh session.
      (agent as unknown as { createConnection: () => Duplex }).createConnection = () => this.openSession(controlPath);
      this.agent = agent;
    }
    return this.agent;
  }

  /** New requests go to a new connection; the old agent keeps its busy sockets and drops the rest. */
  private retire(): void {
    const old = this.agent;
    if (!old) return;
    this.agent = undefined;
    retireAgent(old);
    const controlPath = join(this.controlDirectory(), String(this.generation));
    // `-O stop`: the master accepts no new sessions and exits when the running ones end.
    const stop = spawn(this.settings.command ?? 'ssh', ['-o', optionValue('ControlPath', controlPath), '-O', 'stop', '--', this.endpoint.host], { stdio: 'ignore' });
    stop.on('error', () => undefined);
    stop.unref();
  }

  private controlDirectory(): string {
    if (this.controlDir === undefined) {
      const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-ssh-'));
      // Masters left behind exit by themselves once idle (ControlPersist); their folder goes now.
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      this.controlDir = dir;
    }
    return this.controlDir;
  }

  private sshArguments(controlPath: string): string[] {
    const { keyFile, knownHostsFile } = this.settings;
    return [
      '-T',
      '-o', 'BatchMode=yes',
      '-o', 'StrictHostKeyChecking=yes',
      '-o', 'ConnectTimeout=15',
      '-o', 'ServerAliveInterval=15',
      '-o', 'ServerAliveCountMax=3',
      ...(knownHostsFile ? ['-o', optionValue('UserKnownHostsFile', knownHostsFile), '-o', 'GlobalKnownHostsFile=/dev/null'] : []),
      ...(keyFile ? ['-o', optionValue('IdentityFile', keyFile), '-o', 'IdentitiesOnly=yes'] : []),
      '-o', 'ControlMaster=auto',
      '-o', optionValue('ControlPath', controlPath),
      '-o', `ControlPersist=${CONTROL_PERSIST_S}`,
      '-p', String(this.endpoint.port),
      ...(this.endpoint.user ? ['-l', this.endpoint.user] : []),
      '--', this.endpoint.host,
      'docker', 'system', 'dial-stdio',
    ];
  }

  private openSession(controlPath: string): Duplex {
    const child = spawn(this.settings.command ?? 'ssh', this.sshArguments(controlPath), { stdio: ['pipe', 'pipe', 'pipe'] });
    return new SshSessionStream(child, this.address);
  }
}
