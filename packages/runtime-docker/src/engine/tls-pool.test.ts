import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDialer, type EngineDialer } from './dialer.js';
import { openEngineRequest } from './http.js';

const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-test-tls-pool-'));
const keyFile = join(dir, 'key.pem');
const certFile = join(dir, 'cert.pem');

/** A self-signed certificate for 127.0.0.1 that is its own CA; the client presents it too. */
function makeCertificate(): void {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=engine', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
}

let server: https.Server;
let port = 0;
const connections: Socket[] = [];
/** Requests seen per connection, in order. */
const seen = new Map<Socket, number>();
/** When set, the next request that arrives on an already used connection is dropped unanswered (an engine restart's race). */
let dropReused = false;

async function call(dialer: EngineDialer): Promise<string> {
  const res = await openEngineRequest(dialer, '', { method: 'GET', path: '/_ping' });
  let body = '';
  for await (const chunk of res) body += String(chunk);
  return body;
}

beforeAll(async () => {
  makeCertificate();
  server = https.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    const socket = req.socket;
    const count = (seen.get(socket) ?? 0) + 1;
    seen.set(socket, count);
    if (dropReused && count > 1) {
      dropReused = false;
      socket.destroy();
      return;
    }
    res.end('OK');
  });
  server.on('secureConnection', (socket) => connections.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('TLS dialer connections', () => {
  const dialerFor = (): EngineDialer => createDialer({ kind: 'tcp', host: '127.0.0.1', port, tls: { caFile: certFile, certFile, keyFile } });

  it('keeps one connection open across calls', async () => {
    const dialer = dialerFor();
    const before = connections.length;
    for (let i = 0; i < 5; i++) expect(await call(dialer)).toBe('OK');
    expect(connections.length - before).toBe(1);
    dialer.close();
  });

  it('sends a read once more on a new connection when the kept one was closed under it', async () => {
    const dialer = dialerFor();
    expect(await call(dialer)).toBe('OK');
    const before = connections.length;
    dropReused = true;
    expect(await call(dialer)).toBe('OK');
    expect(dropReused).toBe(false);
    expect(connections.length - before).toBe(1);
    dialer.close();
  });

  it('does not send a write twice', async () => {
    const dialer = dialerFor();
    expect(await call(dialer)).toBe('OK');
    dropReused = true;
    await expect(openEngineRequest(dialer, '', { method: 'POST', path: '/containers/x/start' })).rejects.toMatchObject({ code: 'ECONNRESET' });
    dialer.close();
  });

  it('starts new connections once a TLS file changes, and after close()', async () => {
    const dialer = dialerFor();
    expect(await call(dialer)).toBe('OK');
    let before = connections.length;
    // A renewal as an operator's tooling does it: the file is written again.
    const later = new Date(Date.now() + 60_000);
    utimesSync(certFile, later, later);
    expect(await call(dialer)).toBe('OK');
    expect(connections.length - before).toBe(1);
    dialer.close();
    before = connections.length;
    expect(await call(dialer)).toBe('OK');
    expect(connections.length - before).toBe(1);
    dialer.close();
  });
});
