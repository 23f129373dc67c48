import { ConflictError } from '@mikrocloud/core';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { tokensMatch } from './auth.js';
import { defaultConfig, type MikrocloudConfig } from './config.js';
import { errorResponse } from './http-errors.js';
import type { Logger } from './logger.js';
import { untouchedManager } from './test-support.js';

// Every case here must be settled before the manager is reached (validation, auth, limits), so
// the manager only records that it was called. Behaviour that needs an engine is tested against
// the real one in the integration tests.
function setup(edit: (config: MikrocloudConfig) => void = () => {}) {
  const config = defaultConfig({});
  edit(config);
  const { manager, calls } = untouchedManager();
  const lines: string[] = [];
  const logger: Logger = {
    info: (m, f) => lines.push(JSON.stringify({ m, ...f })),
    warn: (m, f) => lines.push(JSON.stringify({ m, ...f })),
    error: (m, f) => lines.push(JSON.stringify({ m, ...f })),
  };
  return { app: createApp({ manager, config, logger }), calls, lines };
}

/** In-process requests carry no Content-Length of their own; real clients always send one (or chunk). */
function post(body: string, contentType?: string): RequestInit {
  const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(body)) };
  if (contentType) headers['content-type'] = contentType;
  return { method: 'POST', headers, body };
}

const json = (body: unknown): RequestInit => post(typeof body === 'string' ? body : JSON.stringify(body), 'application/json');

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; details?: { field: string; message: string }[] } };
  return { status: res.status, ...body.error, fields: Array.isArray(body.error.details) ? body.error.details.map((d) => d.field) : [] };
}

describe('request bodies', () => {
  it('rejects an unknown field and a bad field, naming them, before the engine is called', async () => {
    const { app, calls } = setup();
    const e = await errorOf(await app.request('/api/v1/containers', json({ image: 'nginx:alpine', surprise: 1, restart_policy: 'sometimes' })));
    expect(e).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(e.fields).toEqual(expect.arrayContaining(['surprise', 'restart_policy']));
    expect(calls).toEqual([]);
  });

  it('answers malformed JSON with validation_failed on field "body"', async () => {
    const { app } = setup();
    const e = await errorOf(await app.request('/api/v1/containers', json('{"image": ')));
    expect(e).toMatchObject({ status: 400, code: 'validation_failed', fields: ['body'] });
    expect(e.message).toContain('malformed JSON');
    expect((await errorOf(await app.request('/api/v1/containers', json('')))).fields).toEqual(['body']);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const { app } = setup();
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await app.request('/api/v1/containers', post('image=nginx', contentType));
      expect(await errorOf(res)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    }
    expect((await app.request('/api/v1/containers', post('{}'))).status).toBe(415);
    expect((await app.request('/api/v1/containers/abc/start', post('x', 'text/plain'))).status).toBe(415);
  });

  it('accepts JSON with parameters and +json types', async () => {
    const { app } = setup();
    for (const contentType of ['application/json; charset=utf-8', 'application/vnd.mikrocloud+json']) {
      const res = await app.request('/api/v1/containers', post('{"image": 1}', contentType));
      expect((await errorOf(res)).fields).toEqual(['image']);
    }
  });

  it('answers 413 above the limit, by Content-Length and while streaming', async () => {
    const { app, calls } = setup((c) => {
      c.server.body_limit_bytes = 64;
    });
    const big = JSON.stringify({ image: 'nginx:alpine', environment: { A: 'x'.repeat(100) } });
    expect(await errorOf(await app.request('/api/v1/containers', json(big)))).toMatchObject({ status: 413, code: 'payload_too_large' });
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const res = await app.request('/api/v1/containers', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(calls).toEqual([]);
  });
});

describe('query and path validation', () => {
  it.each([
    ['/api/v1/containers/abc/logs?tail=ten', 'tail'],
    ['/api/v1/containers/abc/logs?tail=-1', 'tail'],
    ['/api/v1/containers/abc/logs?since=yesterday', 'since'],
    ['/api/v1/containers/abc/logs?follow=perhaps', 'follow'],
    ['/api/v1/containers/abc/logs?stdout=false&stderr=false', 'stdout'],
    ['/api/v1/containers/abc/logs?colour=red', 'colour'],
    ['/api/v1/containers?all=yes', 'all'],
    ['/api/v1/containers?label=novalue', 'label'],
    ['/api/v1/containers?label=-bad=1', 'label'],
    ['/api/v1/containers?all=true&all=false', 'all'],
    ['/api/v1/containers?all=true', 'all'],
  ])('GET %s → 400 naming %s', async (url, field) => {
    const { app, calls } = setup();
    const e = await errorOf(await app.request(url));
    expect(e).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(e.fields).toContain(field);
    expect(calls).toEqual([]);
  });

  it.each([
    ['POST', '/api/v1/containers/abc/stop?timeout=soon'],
    ['POST', '/api/v1/containers/abc/restart?timeout=99999'],
    ['DELETE', '/api/v1/containers/abc?timeout=1.5'],
  ])('%s %s → 400 naming timeout', async (method, url) => {
    const { app } = setup();
    expect((await errorOf(await app.request(url, { method }))).fields).toEqual(['timeout']);
  });

  it('names the allowed query parameters, with a guess for a typo', async () => {
    const { app } = setup();
    const typo = (await (await app.request('/api/v1/containers/abc/logs?tial=5')).json()) as { error: { details: unknown } };
    expect(typo.error.details).toEqual([
      { field: 'tial', message: 'unknown query parameter (did you mean "tail"?); this route takes tail, since, timestamps, stdout, stderr, follow' },
    ]);
    const none = (await (await app.request('/api/v1/containers/abc/start?now=1', { method: 'POST' })).json()) as { error: { details: unknown } };
    expect(none.error.details).toEqual([{ field: 'now', message: 'unknown query parameter: this route takes no query parameters' }]);
  });

  it('reports every problem of a container config in one answer, in words', async () => {
    const { app, calls } = setup();
    const res = await app.request(
      '/api/v1/containers',
      json({ image: 'nginx:alpine', name: 'eco bad', ports: { '99999': '80' }, restart_policy: 'sometimes' }),
    );
    const e = await errorOf(res);
    expect(e).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(e.fields).toEqual(['restart_policy', 'name', 'ports.99999']);
    expect(e.message).toContain('restart_policy: must be one of no, always, unless-stopped, on-failure, on-failure:N');
    expect(calls).toEqual([]);
  });

  it.each(['-abc', '.hidden', 'a%20b', `${'a'.repeat(129)}`, 'a%2Fb', '%E2%9C%93'])('rejects the path id %s', async (id) => {
    const { app, calls } = setup();
    const e = await errorOf(await app.request(`/api/v1/containers/${id}`));
    expect(e).toMatchObject({ status: 400, fields: ['id'] });
    expect(calls).toEqual([]);
  });
});

describe('routing', () => {
  it('answers unknown routes with 404 JSON and wrong methods with 405 JSON and Allow', async () => {
    const { app } = setup();
    expect(await errorOf(await app.request('/api/v1/nothing'))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await errorOf(await app.request('/elsewhere'))).toMatchObject({ status: 404, code: 'not_found' });
    const res = await app.request('/api/v1/containers/abc/start', { method: 'GET' });
    expect(res.headers.get('allow')).toBe('POST');
    expect(await errorOf(res)).toMatchObject({ status: 405, code: 'method_not_allowed' });
    const put = await app.request('/api/v1/containers', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('logs one line per request and never the token', async () => {
    const { app, lines } = setup((c) => {
      c.server.token = 'super-secret-token';
    });
    await app.request('/api/v1/containers?all=true', { headers: { authorization: 'Bearer wrong-token' } });
    await app.request('/api/v1/containers?all=maybe', { headers: { authorization: 'Bearer super-secret-token' } });
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ m: 'request', method: 'GET', path: '/api/v1/containers', status: 401 });
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ status: 400 });
    expect(lines.join('\n')).not.toContain('super-secret-token');
    expect(lines.join('\n')).not.toContain('wrong-token');
  });
});

describe('authentication', () => {
  const token = 'correct-horse-battery-staple';
  const { app, calls } = setup((c) => {
    c.server.token = token;
  });

  it.each([
    ['no header', {}],
    ['wrong token', { authorization: 'Bearer nope' }],
    ['a prefix of the token', { authorization: `Bearer ${token.slice(0, 5)}` }],
    ['wrong scheme', { authorization: `Basic ${token}` }],
    ['token without scheme', { authorization: token }],
  ])('answers 401 JSON for %s', async (_, headers) => {
    const res = await app.request('/api/v1/containers', { headers });
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    const e = await errorOf(res);
    expect(e).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(e.message).not.toContain(token);
    expect(calls).toEqual([]);
  });

  it('guards unknown /api routes and bodies too, before anything else', async () => {
    expect((await app.request('/api/v1/nothing')).status).toBe(401);
    expect((await app.request('/api/v1/containers', post('x', 'text/plain'))).status).toBe(401);
    expect((await app.request('/api/v1/openapi.json')).status).toBe(401);
  });

  it('lets the right token through (case-insensitive scheme)', async () => {
    const res = await app.request('/api/v1/openapi.json', { headers: { authorization: `bearer ${token}` } });
    expect(res.status).toBe(200);
    const bad = await app.request('/api/v1/containers?tail=1', { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
  });

  it('compares tokens of any length safely', () => {
    expect(tokensMatch(token, token)).toBe(true);
    expect(tokensMatch('', token)).toBe(false);
    expect(tokensMatch(`${token}x`, token)).toBe(false);
  });
});

describe('error mapping', () => {
  function appThrowing(err: unknown) {
    const lines: string[] = [];
    const logger: Logger = { info: () => {}, warn: (m) => lines.push(m), error: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`) };
    const app = new Hono();
    app.get('/', () => {
      throw err;
    });
    app.onError((e, c) => errorResponse(c, e, logger));
    return { app, lines };
  }

  it('answers an unexpected error with a generic 500, no stack, and logs it', async () => {
    const { app, lines } = appThrowing(new Error('db password is hunter2'));
    const res = await app.request('/');
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'internal server error' } });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('at ');
    expect(lines.join()).toContain('hunter2');
  });

  it('recognises mikrocloud errors structurally, even from another copy of core', async () => {
    class ForeignError extends Error {
      code = 'conflict';
      status = 409;
      toJSON() {
        return { error: { code: this.code, message: this.message } };
      }
    }
    expect((await appThrowing(new ForeignError('name taken')).app.request('/')).status).toBe(409);
    const res = await appThrowing(new ConflictError('name "x" is taken')).app.request('/');
    expect(await res.json()).toEqual({ error: { code: 'conflict', message: 'name "x" is taken' } });
  });
});
