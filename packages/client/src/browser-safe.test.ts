import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.dirname(fileURLToPath(import.meta.url));

async function runtimeFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await runtimeFiles(full)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(full);
  }
  return files;
}

describe('the client runtime code', () => {
  it('imports nothing but its own modules and the browser-safe core subpath', async () => {
    const offenders: string[] = [];
    for (const file of await runtimeFiles(src)) {
      const text = await readFile(file, 'utf8');
      for (const match of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)) {
        const specifier = match[1] ?? '';
        if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '@mikrocloud/core/errors') {
          offenders.push(`${path.relative(src, file)}: ${specifier}`);
        }
      }
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      if (/\bprocess\.|\bBuffer\b|\brequire\(/.test(code)) offenders.push(`${path.relative(src, file)}: a Node global`);
    }
    expect(offenders).toEqual([]);
  });
});
