import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import {
  RegistryAuth,
  ValidationError,
  createValidator,
  type RegistryCredentialStore,
} from '@mikrocloud/core';

// Registry credentials: checking them, the `X-Registry-Auth` header the engines read, and stores
// built from Docker's config.json. Secrets stay in these values: no message built here names one.

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';
const validateAuth = createValidator(RegistryAuth);

/** Returns `auth` typed, or throws a ValidationError naming `field` (never echoing a value). */
export function checkRegistryAuth(auth: unknown, field = 'auth'): RegistryAuth {
  try {
    return validateAuth.parse(auth);
  } catch (err) {
    if (err instanceof ValidationError) throw ValidationError.field(field, 'must be {username, password} or {identity_token}, with an optional server_address');
    throw err;
  }
}

/**
 * A registry key as config.json and users write it (`https://index.docker.io/v1/`,
 * `localhost:5443`, `https://ghcr.io`), as the host a reference names: lower case, without scheme
 * or path, Docker Hub's aliases as `docker.io`.
 */
export function registryKey(server: string): string {
  const host = server.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0]?.toLowerCase() ?? '';
  return DOCKER_HUB_ALIASES.has(host) ? 'docker.io' : host;
}

/**
 * The `X-Registry-Auth` header value for `registry`: the JSON the engines read, in base64 with
 * the URL alphabet and its padding (Docker's decoder wants the padding). Without credentials it
 * is `{}` (Docker refuses a push without the header).
 */
export function registryAuthHeader(auth: RegistryAuth | undefined, registry: string): string {
  let body: Record<string, string> = {};
  if (auth) {
    const serveraddress = auth.server_address ?? (registry === 'docker.io' ? DOCKER_HUB_SERVER : registry);
    body = 'identity_token' in auth ? { identitytoken: auth.identity_token, serveraddress } : { username: auth.username, password: auth.password, serveraddress };
  }
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** The secret values of `auth`, for redaction. */
export function secretsOf(auth: RegistryAuth | undefined): string[] {
  if (!auth) return [];
  return 'identity_token' in auth ? [auth.identity_token] : [auth.password];
}

/**
 * A store answering from fixed credentials, keyed by registry (`docker.io`, `localhost:5443`).
 *
 * @example
 * const credentials = createCredentialStore({ 'ghcr.io': { username: 'me', password: process.env.GHCR_TOKEN! } });
 */
export function createCredentialStore(entries: Record<string, RegistryAuth>): RegistryCredentialStore {
  const map = new Map<string, RegistryAuth>();
  for (const [server, auth] of Object.entries(entries)) map.set(registryKey(server), checkRegistryAuth(auth, `credentials.${server}`));
  return { get: async (registry) => map.get(registryKey(registry)) };
}

/** Runs `docker-credential-<name> get` with the server on stdin; resolves with its stdout. */
export type CredentialHelperRunner = (helper: string, server: string) => Promise<string>;

/** Options of {@link loadDockerConfigCredentials}. */
export interface DockerConfigCredentialOptions {
  /** How credential helpers are run (injected by tests). Default: `execFile` with argv `get`. */
  runHelper?: CredentialHelperRunner;
  /** Longest wait for a helper, in milliseconds. Default 10 000. */
  helperTimeoutMs?: number;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown; identitytoken?: unknown }>;
  credHelpers?: Record<string, unknown>;
  credsStore?: unknown;
}

const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function runHelperWith(timeoutMs: number): CredentialHelperRunner {
  return (helper, server) =>
    new Promise((resolve, reject) => {
      const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: timeoutMs, maxBuffer: 64 * 1024 }, (err, stdout) => {
        // The helper's own words may include what it was asked; only its name goes into the message.
        if (err) reject(new Error(`credential helper "${helper}" failed for ${server}`));
        else resolve(stdout);
      });
      child.stdin?.end(server);
    });
}

function authFromEntry(entry: NonNullable<DockerConfigFile['auths']>[string], server: string): RegistryAuth | undefined {
  if (typeof entry.identitytoken === 'string' && entry.identitytoken) return { identity_token: entry.identitytoken, server_address: server };
  if (typeof entry.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && colon < decoded.length - 1) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), server_address: server };
    return undefined;
  }
  if (typeof entry.username === 'string' && entry.username && typeof entry.password === 'string' && entry.password) {
    return { username: entry.username, password: entry.password, server_address: server };
  }
  return undefined;
}

function authFromHelper(stdout: string, server: string): RegistryAuth | undefined {
  const answer = JSON.parse(stdout) as { Username?: unknown; Secret?: unknown };
  if (typeof answer.Secret !== 'string' || !answer.Secret) return undefined;
  // Docker's convention: the user `<token>` means the secret is an identity token.
  if (answer.Username === '<token>') return { identity_token: answer.Secret, server_address: server };
  if (typeof answer.Username !== 'string' || !answer.Username) return undefined;
  return { username: answer.Username, password: answer.Secret, server_address: server };
}

/**
 * Reads Docker's `config.json` (`auths` entries with `auth` = base64 `user:password` or an
 * `identitytoken`; `credHelpers` per registry and `credsStore` for the rest, run as
 * `docker-credential-<name> get`) into a {@link RegistryCredentialStore}. The file is read once;
 * helpers are asked on each lookup. A file that cannot be read or parsed is a ValidationError
 * naming the path, never its content.
 *
 * @example
 * const credentials = await loadDockerConfigCredentials('/etc/mikrocloud/registry-auth.json');
 * const docker = new DockerContainerManager({ credentials });
 */
export async function loadDockerConfigCredentials(path: string, options: DockerConfigCredentialOptions = {}): Promise<RegistryCredentialStore> {
  let config: DockerConfigFile;
  try {
    config = JSON.parse(await readFile(path, 'utf8')) as DockerConfigFile;
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? 'not valid JSON';
    throw ValidationError.field('registry_auth_file', `cannot read ${path} as a Docker config.json (${why})`);
  }
  if (typeof config !== 'object' || config === null) throw ValidationError.field('registry_auth_file', `${path} is not a Docker config.json object`);
  const auths = new Map<string, RegistryAuth>();
  for (const [server, entry] of Object.entries(config.auths ?? {})) {
    if (typeof entry !== 'object' || entry === null) continue;
    const auth = authFromEntry(entry, server);
    if (auth) auths.set(registryKey(server), auth);
  }
  const helpers = new Map<string, string>();
  for (const [server, helper] of Object.entries(config.credHelpers ?? {})) {
    if (typeof helper !== 'string' || !HELPER_NAME.test(helper)) throw ValidationError.field('registry_auth_file', `${path}: credHelpers.${server} is not a helper name`);
    helpers.set(registryKey(server), helper);
  }
  const store = typeof config.credsStore === 'string' && config.credsStore ? config.credsStore : undefined;
  if (store !== undefined && !HELPER_NAME.test(store)) throw ValidationError.field('registry_auth_file', `${path}: credsStore is not a helper name`);
  const runHelper = options.runHelper ?? runHelperWith(options.helperTimeoutMs ?? 10_000);
  return {
    async get(registry) {
      const key = registryKey(registry);
      const helper = helpers.get(key) ?? (auths.has(key) ? undefined : store);
      if (helper !== undefined) {
        const server = key === 'docker.io' ? DOCKER_HUB_SERVER : key;
        try {
          return authFromHelper(await runHelper(helper, server), server);
        } catch {
          return auths.get(key);
        }
      }
      return auths.get(key);
    },
  };
}
