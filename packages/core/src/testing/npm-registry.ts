import { readEnvFile } from './env-file.js';

/** The local npm registry build containers install from (`tools/engines/verdaccio.sh` starts one). */
export interface TestNpmRegistry {
  /** The registry's URL as build containers reach it (the Docker bridge's gateway), e.g. `http://172.17.0.1:4873/`; the host reaches it there too. */
  url: string;
  /** The same registry on loopback, e.g. `http://127.0.0.1:4873/`. */
  hostUrl: string;
  /** The packages it holds (`name@version`): it has no uplink, so nothing else installs. */
  seed: string[];
}

/** Where `tools/engines/verdaccio.sh` describes the registry it started. */
export const TEST_NPM_REGISTRY_ENV_FILE = '/var/lib/mikrocloud-engines/verdaccio/verdaccio.env';

/**
 * Reads the local npm registry's description (`MIKROCLOUD_TEST_NPM_REGISTRY`, `..._HOST`,
 * `..._SEED`), or undefined when there is none.
 */
export function readTestNpmRegistry(file = process.env.MIKROCLOUD_TEST_NPM_REGISTRY_ENV ?? TEST_NPM_REGISTRY_ENV_FILE): TestNpmRegistry | undefined {
  const env = readEnvFile(file);
  const url = env?.get('MIKROCLOUD_TEST_NPM_REGISTRY');
  const hostUrl = env?.get('MIKROCLOUD_TEST_NPM_REGISTRY_HOST');
  if (!url || !hostUrl) return undefined;
  return { url, hostUrl, seed: (env?.get('MIKROCLOUD_TEST_NPM_SEED') ?? '').split(/\s+/).filter(Boolean) };
}

/**
 * {@link readTestNpmRegistry}, for the project's own build tests: a missing or silent registry is a
 * failure (every CI run starts one with `tools/engines/up.sh`), never a skipped test.
 */
export async function requireTestNpmRegistry(file?: string): Promise<TestNpmRegistry> {
  const where = file ?? process.env.MIKROCLOUD_TEST_NPM_REGISTRY_ENV ?? TEST_NPM_REGISTRY_ENV_FILE;
  const registry = readTestNpmRegistry(file);
  if (!registry) throw new Error(`no local npm registry is described in ${where}: run tools/engines/up.sh (it starts tools/engines/verdaccio.sh)`);
  try {
    const answer = await fetch(new URL('-/ping', registry.url), { signal: AbortSignal.timeout(5_000) });
    if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
  } catch (error) {
    throw new Error(`the local npm registry ${registry.url} does not answer (${(error as Error).message}): run tools/engines/up.sh (it starts tools/engines/verdaccio.sh)`);
  }
  return registry;
}
