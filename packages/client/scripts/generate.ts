import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_FILE, generateOpenApiTypes } from './openapi-types.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const target = path.join(root, GENERATED_FILE);
await writeFile(target, await generateOpenApiTypes());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
