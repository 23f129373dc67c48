import type { BuildService } from '@mikrocloud/buildpacks';
import type { ContainerManager } from '@mikrocloud/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { createOpenApiDocument } from './openapi.js';
import { imageRoutes } from './routes/images.js';
import { imagesOpenApiPaths } from './routes/images-openapi.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, unknown>; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, unknown> };
};

const doc = createOpenApiDocument({ version: '1.2.3' }) as unknown as Doc;

/** Every route the app serves, as OpenAPI `path method` pairs. */
function servedRoutes(app = createApp({ manager: { runtime: 'docker', socketPath: '' } as ContainerManager })): string[] {
  return [
    ...new Set(
      app.routes
        .filter((r) => r.method !== 'ALL')
        .map((r) => `${r.path.replace(/:([a-z_]+)/gi, '{$1}').replace(/\/$/, '')} ${r.method.toLowerCase()}`),
    ),
  ].sort();
}

function documentedRoutes(document: Doc = doc): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item)) if (method !== 'parameters') out.push(`${path} ${method}`);
  }
  return out.sort();
}

/** A validator that knows the document's components, so `$ref`s between them resolve. */
function ajvWithComponents() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'https://mikrocloud.invalid/openapi.json', components: doc.components });
  return (name: string) => ajv.getSchema(`https://mikrocloud.invalid/openapi.json#/components/schemas/${name}`) ?? ajv.compile({ $ref: `https://mikrocloud.invalid/openapi.json#/components/schemas/${name}` });
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with the package version', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect((doc as unknown as { info: { version: string } }).info.version).toBe('1.2.3');
  });

  it('documents exactly the routes the app serves', () => {
    expect(documentedRoutes()).toEqual(servedRoutes());
    expect(documentedRoutes()).toEqual(
      expect.arrayContaining([
        '/health get',
        '/api/v1/openapi.json get',
        '/api/v1/runtime/info get',
        '/api/v1/containers get',
        '/api/v1/containers post',
        '/api/v1/containers/{id} get',
        '/api/v1/containers/{id} delete',
        '/api/v1/containers/{id}/start post',
        '/api/v1/containers/{id}/stop post',
        '/api/v1/containers/{id}/restart post',
        '/api/v1/containers/{id}/logs get',
      ]),
    );
  });

  it('gives every operation an error response and the create route its body', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters' || path === '/health') continue;
        expect(Object.keys(operation.responses ?? {}), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '500', '503']));
      }
    }
    expect(doc.paths['/api/v1/containers']?.post?.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ContainerConfig' } } },
    });
    expect(doc.components.responses.BadRequest).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ValidationErrorBody' } } },
    });
    // Starting runs the command: one the engine cannot execute is a 422.
    expect(Object.keys(doc.paths['/api/v1/containers/{id}/start']?.post?.responses ?? {})).toContain('422');
  });

  it('documents exactly the image routes served when they are mounted', () => {
    const app = createApp({
      manager: { runtime: 'docker', socketPath: '' } as ContainerManager,
      mounts: { '/api/v1/images': imageRoutes({} as BuildService) },
    });
    const withImages = createOpenApiDocument({ paths: imagesOpenApiPaths() }) as unknown as Doc;
    expect(documentedRoutes(withImages)).toEqual(servedRoutes(app));
    for (const [path, item] of Object.entries(withImages.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters' || path === '/health') continue;
        expect(Object.keys(operation.responses ?? {}), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '405', '500', '503']));
      }
    }
  });

  it('has only $refs that resolve', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const path = ref.slice(8, -1).replace(/^#\//, '').split('/');
      let node: unknown = doc;
      for (const part of path) node = (node as Record<string, unknown>)[part];
      expect(node, ref).toBeDefined();
    }
  });

  it('holds valid JSON Schema 2020-12 components that accept and refuse the right values', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      expect(ajv.validateSchema(schema as object), `${name}: ${ajv.errorsText()}`).toBe(true);
      expect(JSON.stringify(schema)).not.toContain('~kind');
    }
    const schema = ajvWithComponents();
    const config = schema('ContainerConfig');
    const example = {
      image: 'nginx:alpine',
      name: 'my-nginx',
      ports: { '8080': '80' },
      environment: { ENV: 'production' },
      restart_policy: 'unless-stopped',
    };
    expect(config(example)).toBe(true);
    expect(config({ ...example, surprise: true })).toBe(false);
    expect(config({ ...example, restart_policy: 'sometimes' })).toBe(false);
    const invalid = schema('ValidationErrorBody');
    expect(invalid({ error: { code: 'validation_failed', message: 'x', details: [{ field: 'image', message: 'is required' }] } })).toBe(true);
    expect(invalid({ error: { code: 'validation_failed', message: 'x', details: { field: 'image' } } })).toBe(false);
    const error = schema('ErrorBody');
    expect(error({ error: { code: 'validation_failed', message: 'x', details: [{ field: 'image', message: 'is required' }] } })).toBe(true);
    expect(error({ code: 'x' })).toBe(false);
    const info = schema('ContainerInfo');
    expect(
      info({
        id: 'abc',
        name: 'x',
        image: 'nginx:alpine',
        state: 'running',
        status: 'Up',
        ports: [{ host_ip: '0.0.0.0', host_port: 8080, container_port: 80, protocol: 'tcp' }],
        labels: {},
        created_at: '2026-01-01T00:00:00Z',
        health: { status: 'healthy' },
      }),
    ).toBe(true);
    expect(info({ id: 'abc' })).toBe(false);
    const exec = schema('ExecRequest');
    expect(exec({ command: ['ls', '-l'], env: { A: '1' }, working_dir: '/tmp' })).toBe(true);
    expect(exec({ command: [] })).toBe(false);
    const wait = schema('WaitRequest');
    expect(wait({ condition: 'healthy', timeout_seconds: 30 })).toBe(true);
    expect(wait({ condition: 'ready' })).toBe(false);
  });

  it('is served at /api/v1/openapi.json', async () => {
    const app = createApp({ manager: { runtime: 'docker', socketPath: '' } as ContainerManager });
    const res = await app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const served = (await res.json()) as Doc;
    expect(Object.keys(served.paths).sort()).toEqual(Object.keys(doc.paths).sort());
  });
});
