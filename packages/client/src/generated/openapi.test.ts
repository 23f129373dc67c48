import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, generateOpenApiTypes } from '../../scripts/openapi-types.js';

describe('generated OpenAPI types', () => {
  it('match the server document (run `npm run generate -w @mikrocloud/client` when this fails)', async () => {
    const committed = await readFile(new URL(`../../${GENERATED_FILE}`, import.meta.url), 'utf8');
    const fresh = await generateOpenApiTypes();
    expect(committed === fresh, 'src/generated/openapi.ts is stale: run npm run generate -w @mikrocloud/client').toBe(true);
  });
});
