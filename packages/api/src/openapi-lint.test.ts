import { builtinBuildpacks, buildRequestSchema, BuildRecordSchema, createBuildpackRegistry } from '@mikrocloud/buildpacks';
import { ERROR_CODES } from '@mikrocloud/core';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { createOpenApiDocument } from './openapi.js';
import { imagesOpenApiPaths } from './routes/images-openapi.js';

/**
 * The document the server serves (containers, system and the image build routes), linted by
 * Redocly's linter with its `recommended` rules, offline: no rule fetches anything.
 */
describe('the OpenAPI document', () => {
  it('passes the Redocly linter (recommended rules) with no error and no warning', async () => {
    const document = createOpenApiDocument({
      version: '1.2.3',
      paths: imagesOpenApiPaths(),
      schemas: { BuildRequest: buildRequestSchema(createBuildpackRegistry(builtinBuildpacks())), BuildRecord: BuildRecordSchema },
    });
    const config = await createConfig({ extends: ['recommended'] });
    const source = JSON.stringify(document, null, 2);
    // Server-sent event streams name their items' schema in `x-item-schema` (OpenAPI 3.1 has no
    // field for it); the linter does not follow extensions, so those schemas are not "unused".
    const itemSchemas = new Set([...source.matchAll(/"x-item-schema": \{\s*"\$ref": "#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]));
    const problems = (await lintFromString({ source, absoluteRef: 'openapi.json', config })).filter(
      (p) => !(p.ruleId === 'no-unused-components' && [...itemSchemas].some((name) => p.message === `Component: "${name}" is never used.`)),
    );
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`)).toEqual([]);
  });

  it('documents error codes as an enum and validation details as FieldProblems', () => {
    const { components } = createOpenApiDocument() as { components: { schemas: Record<string, Record<string, unknown>> } };
    const codes = (components.schemas.ErrorCode?.anyOf as { const: string }[]).map((c) => c.const);
    expect(codes.sort()).toEqual([...ERROR_CODES].sort());
    expect(JSON.stringify(components.schemas.ErrorBody)).toContain('"$ref":"#/components/schemas/ErrorCode"');
    expect(JSON.stringify(components.schemas.ValidationErrorBody)).toContain('"$ref":"#/components/schemas/FieldProblem"');
  });

  it('gives every route the statuses its declaration implies, without listing them', () => {
    const { paths } = createOpenApiDocument({ paths: imagesOpenApiPaths() }) as { paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>> };
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const statuses = Object.keys(operation.responses);
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['405', '421', '500']));
        if (operation.security === undefined) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403', '503']));
      }
    }
    expect(Object.keys(paths['/api/v1/containers/{id}/start']?.post?.responses ?? {})).toEqual(expect.arrayContaining(['400', '404', '409', '422']));
    expect(Object.keys(paths['/api/v1/containers']?.post?.responses ?? {})).toEqual(expect.arrayContaining(['413', '415']));
  });
});
