import type { IncomingMessage } from 'node:http';
import type { CallOptions, MikrocloudError } from '@mikrocloud/core';
import { isConnectionError, mapEngineError, type EngineErrorContext } from './errors.js';
import { createDialer, type EngineDialer } from './dialer.js';
import { openEngineRequest, readText, type EngineRequest } from './http.js';
import { describeSkipped, type SocketDiscovery } from './socket-discovery.js';
import type { EngineVersion } from './types.js';

/** The newest Engine API version this package speaks; older engines are spoken to in theirs. */
export const CLIENT_API_VERSION = '1.41';

/**
 * The requests the container and image operations make, as the manager exposes them (so an
 * engine's overrides, such as its own error mapping, apply to every operation).
 */
export interface EngineCalls {
  /** Opens a request (negotiating the API version first). Raw errors: callers map them. */
  open(req: EngineRequest): Promise<IncomingMessage>;
  /** Sends a request and parses its JSON answer (undefined for an empty body). */
  send<T>(req: EngineRequest): Promise<T>;
  /** {@link send}, with failures mapped to mikrocloud errors. */
  call<T>(req: EngineRequest, context?: EngineErrorContext): Promise<T>;
  /** Maps an error, adding where the engine was looked for when it could not be reached. */
  mapError(err: unknown, context?: EngineErrorContext): MikrocloudError;
}

/** `{ signal }` of a call's options, or nothing: for spreading into a request or error context. */
export function signalOf(options: CallOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

/** Compares dotted version numbers (`1.43` > `1.39`): negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The Engine HTTP API on a unix socket, over TCP with TLS or over ssh (a dialer per endpoint).
 * A dead connection is never reused, so it recovers by itself after an engine restart; the API
 * version is negotiated on first use, and the engine is looked for again (and the version
 * renegotiated) whenever it cannot be reached.
 */
export class EngineTransport {
  private current: SocketDiscovery;
  private negotiated: string | undefined;
  /** One dialer per address, kept across rediscoveries (an ssh dialer owns its connection). */
  private readonly dialers = new Map<string, EngineDialer>();

  constructor(
    /** Finds the socket. Called at construction and again whenever the engine cannot be reached. */
    private readonly discover: () => SocketDiscovery,
    /** Highest API version to speak. */
    private readonly clientApiVersion: string = CLIENT_API_VERSION,
  ) {
    this.current = this.discover();
  }

  /** The socket in use. */
  get socketPath(): string {
    return this.current.socketPath;
  }

  /** How the socket was chosen: the chosen candidate and every skipped one with its reason. */
  get discovery(): SocketDiscovery {
    return this.current;
  }

  /** The API version in use, once negotiated (e.g. `1.41`). */
  get apiVersion(): string | undefined {
    return this.negotiated;
  }

  /** Opens a request (negotiating the API version first). Raw errors: callers map them. */
  async open(req: EngineRequest): Promise<IncomingMessage> {
    const version = req.unversioned ? '' : await this.negotiate(req.signal);
    const attempted = this.current;
    try {
      return await openEngineRequest(this.dialerFor(attempted), version ? `/v${version}` : '', req);
    } catch (err) {
      this.noteFailure(err);
      throw err;
    }
  }

  /** Sends a request and parses its JSON answer (undefined for an empty body). */
  async send<T>(req: EngineRequest, open: (req: EngineRequest) => Promise<IncomingMessage> = (r) => this.open(r)): Promise<T> {
    const res = await open(req);
    let text: string;
    try {
      text = await readText(res);
    } catch (err) {
      res.destroy();
      this.noteFailure(err);
      throw err;
    }
    return (text.trim() ? JSON.parse(text) : undefined) as T;
  }

  /** Lets go of open connections (ssh); running streams finish first. */
  close(): void {
    for (const dialer of this.dialers.values()) dialer.close();
    this.dialers.clear();
  }

  private dialerFor(discovery: SocketDiscovery): EngineDialer {
    const key = discovery.socketPath;
    let dialer = this.dialers.get(key);
    if (!dialer) {
      dialer = createDialer(discovery.endpoint ?? { kind: 'unix', socketPath: discovery.socketPath });
      this.dialers.set(key, dialer);
    }
    return dialer;
  }

  /** Maps an error, adding where the engine was looked for when it could not be reached. */
  mapError(err: unknown, context: EngineErrorContext = {}): MikrocloudError {
    return mapEngineError(err, { ...context, unavailableHint: this.unavailableHint() });
  }

  /** Warnings about how the socket was found, for `RuntimeInfo.warnings`. */
  discoveryWarnings(): string[] {
    const d = this.current;
    const warnings: string[] = [];
    if (!d.found) warnings.push(`no socket existed at ${d.socketPath} when the engine was looked for`);
    // Every candidate that was set but passed over, with why (a refused DOCKER_HOST included).
    const passed = d.skipped.filter((s) => s.reason !== 'not set' && !s.reason.startsWith('not consulted'));
    for (const s of passed) warnings.push(`${s.source}${s.path ? ` (${s.path})` : ''} was passed over: ${s.reason}`);
    return warnings;
  }

  private unavailableHint(): string {
    const d = this.current;
    const skipped = d.skipped.length ? ` Other candidates: ${describeSkipped(d.skipped)}.` : '';
    return `Tried ${d.socketPath || '(no socket)'} (from ${d.source}).${skipped}`;
  }

  private noteFailure(err: unknown): void {
    if (!isConnectionError(err)) return;
    // The engine may have restarted (a newer version) or appeared at another candidate.
    this.negotiated = undefined;
    this.current = this.discover();
  }

  private async negotiate(signal: AbortSignal | undefined): Promise<string> {
    if (this.negotiated) return this.negotiated;
    const version = await this.send<EngineVersion>({ method: 'GET', path: '/version', unversioned: true, ...(signal ? { signal } : {}) });
    const engine = version?.ApiVersion;
    const chosen = engine && compareVersions(engine, this.clientApiVersion) < 0 ? engine : this.clientApiVersion;
    this.negotiated = chosen;
    return chosen;
  }
}
