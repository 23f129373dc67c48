import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import https from 'node:https';
import { readEnvFile } from './env-file.js';

/** A registry the tests may pull from and push to (`tools/engines/registry.sh` starts one). */
export interface TestRegistry {
  /** host:port, e.g. `localhost:5443`. */
  host: string;
  username: string;
  password: string;
  /** PEM of the CA that signed the registry's certificate. */
  ca: string;
  /** A multi-layer image present in the registry, e.g. `localhost:5443/mikrocloud-test/seed:latest`. */
  seed: string;
}

/** Where `tools/engines/registry.sh` describes the registry it started. */
export const TEST_REGISTRY_ENV_FILE = '/var/lib/mikrocloud-engines/registry/registry.env';

/**
 * Reads the test registry's description (KEY=value lines: `MIKROCLOUD_TEST_REGISTRY`, `..._USER`,
 * `..._PASSWORD_FILE`, `..._CA`, `..._SEED`), or undefined when there is none.
 */
export function readTestRegistry(file = process.env.MIKROCLOUD_TEST_REGISTRY_ENV ?? TEST_REGISTRY_ENV_FILE): TestRegistry | undefined {
  const env = readEnvFile(file);
  if (!env) return undefined;
  const host = env.get('MIKROCLOUD_TEST_REGISTRY');
  const username = env.get('MIKROCLOUD_TEST_REGISTRY_USER');
  const passwordFile = env.get('MIKROCLOUD_TEST_REGISTRY_PASSWORD_FILE');
  const caFile = env.get('MIKROCLOUD_TEST_REGISTRY_CA');
  const seed = env.get('MIKROCLOUD_TEST_REGISTRY_SEED');
  if (!host || !username || !passwordFile || !caFile || !seed) return undefined;
  try {
    return { host, username, password: readFileSync(passwordFile, 'utf8').trim(), ca: readFileSync(caFile, 'utf8'), seed };
  } catch {
    return undefined;
  }
}

/**
 * {@link readTestRegistry}, for the project's own engine tests: a missing registry is a failure
 * (every CI run starts one with `tools/engines/up.sh`), never a skipped test.
 */
export function requireTestRegistry(file?: string): TestRegistry {
  const registry = readTestRegistry(file);
  if (!registry) {
    throw new Error(`no test registry is described in ${file ?? process.env.MIKROCLOUD_TEST_REGISTRY_ENV ?? TEST_REGISTRY_ENV_FILE}: run tools/engines/up.sh (it starts tools/engines/registry.sh)`);
  }
  return registry;
}

/**
 * Writes a Docker `config.json` holding the registry's credentials (under `key`, the registry's
 * host by default) into a new temporary folder, mode 0600. Returns the folder and the file.
 */
export async function writeTestRegistryConfig(registry: TestRegistry, key = registry.host): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mikrocloud-test-registry-'));
  const file = path.join(dir, 'config.json');
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  await writeFile(file, JSON.stringify({ auths: { [key]: { auth } } }), { mode: 0o600 });
  return { dir, file };
}

function registryRequest(registry: TestRegistry, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const [hostname, port] = registry.host.split(':');
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        hostname,
        port: Number(port ?? 443),
        method,
        path,
        ca: registry.ca,
        auth: `${registry.username}:${registry.password}`,
        headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

/** Deletes `repository:tag`'s manifest from the test registry (what a test pushed); absent is fine. */
export async function deleteFromTestRegistry(registry: TestRegistry, repository: string, tag: string): Promise<void> {
  const head = await registryRequest(registry, 'HEAD', `/v2/${repository}/manifests/${encodeURIComponent(tag)}`, { Accept: MANIFEST_TYPES });
  if (head.status === 404) return;
  const digest = head.headers['docker-content-digest'];
  if (head.status !== 200 || typeof digest !== 'string') throw new Error(`registry answered ${head.status} for ${repository}:${tag}`);
  const del = await registryRequest(registry, 'DELETE', `/v2/${repository}/manifests/${digest}`);
  if (del.status !== 202 && del.status !== 404) throw new Error(`registry refused to delete ${repository}:${tag} (${del.status})`);
}

/** Whether `repository:tag` is in the test registry. */
export async function inTestRegistry(registry: TestRegistry, repository: string, tag: string): Promise<boolean> {
  const head = await registryRequest(registry, 'HEAD', `/v2/${repository}/manifests/${encodeURIComponent(tag)}`, { Accept: MANIFEST_TYPES });
  return head.status === 200;
}
