import { createConnection, createServer, type Socket } from 'node:net';

/** A unix-socket proxy in front of an engine that counts the request-body bytes of `POST /build`. */
export interface CountingProxy {
  socketPath: string;
  /** Build-context bytes of each `POST /build` seen, in order (chunked framing removed). */
  readonly builds: number[];
  close(): Promise<void>;
}

const BUILD_PATH = /^POST \/(v[0-9.]+\/)?build(\?| )/;

/**
 * Observes one direction of HTTP/1.1 requests (never changes a byte) and reports the payload
 * size of each request whose request line matches. Handles Content-Length and chunked bodies and
 * keep-alive; after an `Upgrade` request the rest of the connection is passed through unread.
 */
class RequestObserver {
  private state: 'head' | 'size' | 'data' | 'data-crlf' | 'trailer' | 'body' | 'raw' = 'head';
  private head = '';
  private line = '';
  private remaining = 0;
  private counting = false;
  private count = 0;

  constructor(private readonly onBody: (bytes: number) => void) {}

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && this.state !== 'raw') {
      switch (this.state) {
        case 'head': {
          this.head += String.fromCharCode(chunk[i]!);
          i++;
          if (this.head.endsWith('\r\n\r\n')) this.startBody();
          break;
        }
        case 'body': {
          const n = Math.min(this.remaining, chunk.length - i);
          this.count += n;
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) this.endBody();
          break;
        }
        case 'size':
        case 'trailer': {
          this.line += String.fromCharCode(chunk[i]!);
          i++;
          if (!this.line.endsWith('\r\n')) break;
          const text = this.line.slice(0, -2);
          this.line = '';
          if (this.state === 'trailer') {
            if (text === '') this.endBody();
          } else {
            this.remaining = Number.parseInt(text.split(';')[0]!, 16);
            this.state = this.remaining === 0 ? 'trailer' : 'data';
          }
          break;
        }
        case 'data': {
          const n = Math.min(this.remaining, chunk.length - i);
          this.count += n;
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) {
            this.state = 'data-crlf';
            this.remaining = 2;
          }
          break;
        }
        case 'data-crlf': {
          i++;
          if (--this.remaining === 0) this.state = 'size';
          break;
        }
      }
    }
  }

  private startBody(): void {
    const [requestLine = '', ...headerLines] = this.head.split('\r\n');
    this.head = '';
    const headers = new Map(headerLines.filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
    this.counting = BUILD_PATH.test(requestLine);
    this.count = 0;
    if (headers.has('upgrade')) {
      this.state = 'raw';
    } else if ((headers.get('transfer-encoding') ?? '').toLowerCase().includes('chunked')) {
      this.state = 'size';
    } else if (Number(headers.get('content-length') ?? 0) > 0) {
      this.remaining = Number(headers.get('content-length'));
      this.state = 'body';
    } else {
      this.endBody();
    }
  }

  private endBody(): void {
    if (this.counting) this.onBody(this.count);
    this.counting = false;
    this.state = 'head';
  }
}

export function startCountingProxy(target: string, socketPath: string): Promise<CountingProxy> {
  const builds: number[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    const observer = new RequestObserver((bytes) => builds.push(bytes));
    client.on('data', (chunk: Buffer) => {
      observer.push(chunk);
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.pipe(client);
    client.on('end', () => upstream.end());
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () =>
      resolve({
        socketPath,
        builds,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}
