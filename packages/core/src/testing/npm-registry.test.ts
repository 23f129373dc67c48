import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTestNpmRegistry, requireTestNpmRegistry } from './npm-registry.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mikrocloud-test-npm-registry-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readTestNpmRegistry', () => {
  it('reads the URLs and the seed list of the env file verdaccio.sh writes', async () => {
    const file = path.join(dir, 'verdaccio.env');
    await writeFile(file, 'MIKROCLOUD_TEST_NPM_REGISTRY=http://172.17.0.1:4873/\nMIKROCLOUD_TEST_NPM_REGISTRY_HOST=http://127.0.0.1:4873/\nMIKROCLOUD_TEST_NPM_SEED=ms@2.1.3 kleur@4.1.5\n');
    expect(readTestNpmRegistry(file)).toEqual({ url: 'http://172.17.0.1:4873/', hostUrl: 'http://127.0.0.1:4873/', seed: ['ms@2.1.3', 'kleur@4.1.5'] });
  });

  it('is undefined without a file or without its URLs', async () => {
    const partial = path.join(dir, 'partial.env');
    await writeFile(partial, 'MIKROCLOUD_TEST_NPM_REGISTRY=http://172.17.0.1:4873/\n');
    expect(readTestNpmRegistry(path.join(dir, 'absent.env'))).toBeUndefined();
    expect(readTestNpmRegistry(partial)).toBeUndefined();
  });

  it('requireTestNpmRegistry fails, naming up.sh, when there is no registry', async () => {
    await expect(requireTestNpmRegistry(path.join(dir, 'absent.env'))).rejects.toThrow(/run tools\/engines\/up\.sh/);
  });
});
