import { createOpenApiDocument, imagesOpenApiPaths, VERSION } from '@mikrocloud/api';
import { BuildRecordSchema, buildRequestSchema, builtinBuildpacks, createBuildpackRegistry } from '@mikrocloud/buildpacks';
import openapiTS, { astToString } from 'openapi-typescript';

/** Where the generated types are committed, relative to the package root. */
export const GENERATED_FILE = 'src/generated/openapi.ts';

/**
 * The document `mikrocloud serve` publishes at `/api/v1/openapi.json`: the core routes plus the
 * build routes with the built-in buildpacks' request schema.
 */
export function serverDocument(): Record<string, unknown> {
  const registry = createBuildpackRegistry(builtinBuildpacks());
  return createOpenApiDocument({
    version: VERSION,
    paths: imagesOpenApiPaths(),
    schemas: { BuildRequest: buildRequestSchema(registry), BuildRecord: BuildRecordSchema },
  });
}

const HEADER = `/**
 * Types of the mikrocloud REST API, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run \`npm run generate -w @mikrocloud/client\`.
 */

`;

/** The text of {@link GENERATED_FILE} for the current server document. */
export async function generateOpenApiTypes(): Promise<string> {
  // The document is handed over as an object, so nothing is read from disk or the network.
  const ast = await openapiTS(serverDocument() as unknown as Parameters<typeof openapiTS>[0], {
    exportType: false,
    alphabetize: true,
  });
  return HEADER + astToString(ast);
}
