import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { defaultConfig, type MikrocloudConfig } from './config.js';
import { originGuard } from './origin-guard.js';
import { untouchedManager } from './test-support.js';

function setup(edit: (config: MikrocloudConfig) => void = () => {}, allowedHosts?: string[]) {
  const config = defaultConfig({});
  edit(config);
  const { manager, calls } = untouchedManager(); // a request that reaches it got past the guard (500)
  return { app: createApp({ manager, config, ...(allowedHosts ? { allowedHosts } : {}) }), calls };
}

const STOP = 'http://127.0.0.1:3000/api/v1/containers/x/stop';
const stop = (headers: Record<string, string>) => new Request(STOP, { method: 'POST', headers: { host: '127.0.0.1:3000', ...headers } });

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, code: body.error.code, message: body.error.message };
}

describe('Host', () => {
  it('answers 421 misdirected_request to a forged Host, on /health and /api alike, before anything runs', async () => {
    const { app, calls } = setup();
    for (const path of ['/health', '/api/v1/containers', '/api/v1/openapi.json']) {
      const res = await app.request(`http://127.0.0.1:3000${path}`, { headers: { host: 'attacker.example:3000' } });
      const e = await errorOf(res);
      expect(e).toMatchObject({ status: 421, code: 'misdirected_request' });
      expect(e.message).toContain('attacker.example:3000');
    }
    const posted = await app.request(stop({ host: 'rebound.attacker.example' }));
    expect(posted.status).toBe(421);
    // An absolute request target names the host too.
    expect((await app.request('http://attacker.example/health')).status).toBe(421);
    expect(calls).toEqual([]);
  });

  it('accepts loopback names on any port, the bound address, allowed_hosts and allowedHosts', async () => {
    const { app, calls } = setup(
      (c) => {
        c.server.host = '192.168.7.7';
        c.server.allowed_hosts = ['mikrocloud.internal', 'proxy.example:8443'];
      },
      ['10.1.2.3'],
    );
    const accepted = ['localhost', 'LOCALHOST:3000', '127.0.0.1:9', '[::1]:3000', '192.168.7.7:3000', 'mikrocloud.internal:1', 'proxy.example:8443', '10.1.2.3:3000'];
    for (const host of accepted) {
      const res = await app.request('http://127.0.0.1/api/v1/containers', { headers: { host } });
      expect(res.status, host).toBe(500); // the recording manager's answer: the guard let it through
    }
    expect(calls).toHaveLength(accepted.length);
    for (const host of ['proxy.example:8444', 'localhost.attacker.example', '127.0.0.2', '[::2]:3000', 'a b']) {
      expect((await app.request('http://127.0.0.1/api/v1/containers', { headers: { host } })).status, host).toBe(421);
    }
  });

  it('refuses an allowed host that is not a host name when the app is made', () => {
    expect(() => originGuard({ allowedHosts: ['http://x.example/'] })).toThrow(/allowedHosts/);
    expect(() => originGuard({ allowedOrigins: ['x.example'] })).toThrow(/allowedOrigins/);
  });
});

describe('Origin and Sec-Fetch-Site', () => {
  it('refuses a bodyless POST from another origin with 403 forbidden naming it', async () => {
    const { app, calls } = setup();
    const e = await errorOf(await app.request(stop({ origin: 'https://evil.example' })));
    expect(e).toMatchObject({ status: 403, code: 'forbidden' });
    expect(e.message).toContain('https://evil.example');
    expect(calls).toEqual([]);
  });

  it('refuses Sec-Fetch-Site cross-site and same-site (no Origin: a no-cors GET or form), and Origin null', async () => {
    const { app, calls } = setup();
    for (const site of ['cross-site', 'same-site']) {
      expect(await errorOf(await app.request(stop({ 'sec-fetch-site': site })))).toMatchObject({ status: 403, code: 'forbidden' });
      const read = await app.request('http://127.0.0.1:3000/api/v1/containers', { headers: { host: '127.0.0.1:3000', 'sec-fetch-site': site } });
      expect(read.status).toBe(403);
    }
    expect((await app.request(stop({ origin: 'null' }))).status).toBe(403);
    // An origin on another port of the same host is another origin.
    expect((await app.request(stop({ origin: 'http://127.0.0.1:8080' }))).status).toBe(403);
    expect(calls).toEqual([]);
  });

  it("lets the server's own pages through: Origin equal to the Host reached, over http or https", async () => {
    const { app, calls } = setup((c) => (c.server.allowed_hosts = ['mc.example.com']));
    expect((await app.request(stop({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }))).status).toBe(500);
    const proxied = new Request('http://mc.example.com/api/v1/containers/x/stop', { method: 'POST', headers: { host: 'mc.example.com', origin: 'https://mc.example.com' } });
    expect((await app.request(proxied)).status).toBe(500);
    expect((await app.request(stop({ 'sec-fetch-site': 'none' }))).status).toBe(500);
    expect(calls).toEqual(['stop', 'stop', 'stop']);
  });

  it('lets curl through: no Origin, no Sec-Fetch-*', async () => {
    const { app, calls } = setup();
    expect((await app.request(stop({ 'user-agent': 'curl/8.5.0' }))).status).toBe(500);
    expect(calls).toEqual(['stop']);
  });

  it('accepts allowed_origins, cross-site included, and answers their CORS preflight', async () => {
    const { app, calls } = setup((c) => (c.server.allowed_origins = ['https://dashboard.example.com']));
    const res = await app.request(stop({ origin: 'https://dashboard.example.com', 'sec-fetch-site': 'cross-site' }));
    expect(res.status).toBe(500);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.com');
    const preflight = await app.request(STOP, {
      method: 'OPTIONS',
      headers: { host: '127.0.0.1:3000', origin: 'https://dashboard.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect((await app.request(stop({ origin: 'https://other.example.com', 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    expect(calls).toEqual(['stop']);
  });

  it('runs before authentication: a cross-site request with a valid token is still refused', async () => {
    const { app, calls } = setup((c) => (c.server.token = 'tok-123'));
    expect((await app.request(stop({ authorization: 'Bearer tok-123', 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    expect((await app.request(stop({ authorization: 'Bearer tok-123' }))).status).toBe(500);
    expect(calls).toEqual(['stop']);
  });
});
