import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createOpenApiDocument } from '../openapi.js';
import { untouchedManager } from '../test-support.js';

describe('GET /api/v1/events and the image housekeeping routes, before the engine', () => {
  const { manager, calls } = untouchedManager();
  const app = createApp({ manager, tokens: [] });
  const fieldsOf = async (res: Response) => ((await res.json()) as { error: { details: { field: string }[] } }).error.details.map((d) => d.field);

  it('answers 400 naming each bad field, without reaching the engine', async () => {
    let res = await app.request('/api/v1/events?types=container,pods&actions=Start&since=yesterday');
    expect(res.status).toBe(400);
    expect((await fieldsOf(res)).sort()).toEqual(['actions', 'since', 'types']);
    res = await app.request('/api/v1/events', { headers: { 'Last-Event-ID': '2026-01-01' } });
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(['Last-Event-ID']);
    res = await app.request('/api/v1/images/prune?dry_run=perhaps', { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(['dry_run']);
    expect(calls).toEqual([]);
  });

  it('declares the routes in the OpenAPI document with their scopes and schemas', () => {
    const doc = createOpenApiDocument() as { paths: Record<string, Record<string, Record<string, unknown>>>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths['/api/v1/events']?.get?.['x-mikrocloud-scope']).toBe('read');
    expect(doc.paths['/api/v1/images']?.get?.['x-mikrocloud-scope']).toBe('read');
    expect(doc.paths['/api/v1/images/prune']?.post?.['x-mikrocloud-scope']).toBe('write');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['EngineEvent', 'ImageInfo', 'ImagePruneResult']));
  });
});
