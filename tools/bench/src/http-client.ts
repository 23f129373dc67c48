import http from 'node:http';

/** One HTTP answer, body fully read. */
export interface HttpAnswer {
  status: number;
  body: Buffer;
}

export interface HttpTarget {
  /** A unix socket (engine) or a TCP host and port (API server). */
  socketPath?: string;
  host?: string;
  port?: number;
  /** Prefix put before every path (`/v1.41` for the engine). */
  prefix?: string;
}

/**
 * A minimal HTTP/1.1 client over a keep-alive agent: the same transport for the API server and
 * for the raw engine, so neither side of a comparison pays for a connection the other reuses.
 */
export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

  constructor(private readonly target: HttpTarget) {}

  request(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers: Record<string, string> = { Host: this.target.socketPath ? 'engine' : `${this.target.host}:${this.target.port}` };
      if (payload) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = String(payload.length);
      }
      const req = http.request(
        {
          agent: this.agent,
          method,
          path: `${this.target.prefix ?? ''}${path}`,
          headers,
          ...(this.target.socketPath ? { socketPath: this.target.socketPath } : { host: this.target.host, port: this.target.port }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** {@link request}, failing unless the status is one of `ok`; parses a JSON body. */
  async json<T = unknown>(method: string, path: string, body?: unknown, ok: number[] = [200, 201, 204]): Promise<T> {
    const answer = await this.request(method, path, body);
    if (!ok.includes(answer.status)) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`);
    }
    const text = answer.body.toString('utf8');
    return (text.trim() ? JSON.parse(text) : undefined) as T;
  }

  /** Streams a GET answer to nowhere; resolves with the number of body bytes. */
  drain(path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent: this.agent,
          method: 'GET',
          path: `${this.target.prefix ?? ''}${path}`,
          ...(this.target.socketPath ? { socketPath: this.target.socketPath } : { host: this.target.host, port: this.target.port }),
        },
        (res) => {
          let bytes = 0;
          if ((res.statusCode ?? 0) !== 200) {
            res.resume();
            reject(new Error(`GET ${path} answered ${res.statusCode}`));
            return;
          }
          res.on('data', (c: Buffer) => {
            bytes += c.length;
          });
          res.on('end', () => resolve(bytes));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
