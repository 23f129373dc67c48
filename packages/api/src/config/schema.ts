import { DEFAULT_ALLOWED_PROTOCOLS, KNOWN_PROTOCOLS, type GitProtocol } from '@mikrocloud/buildpacks';
import { ENGINE_NAME_PATTERN, RUNTIME_NAMES, type RuntimeName } from '@mikrocloud/runtime';
import Type from 'typebox';
import { SCOPES } from '../auth/scopes.js';

/** Container runtimes mikrocloud can be configured to use (`@mikrocloud/runtime`'s list). */
export { RUNTIME_NAMES, type RuntimeName };

/** Git transports builds may clone from (the build system's own list). `file` and `http` are for local development and tests. */
export const GIT_PROTOCOLS: readonly GitProtocol[] = KNOWN_PROTOCOLS;
export type { GitProtocol };
export { DEFAULT_ALLOWED_PROTOCOLS };

/** What `[server] scope` may say: which containers the server sees. */
export const SERVER_SCOPES = ['instance', 'managed'] as const;
/** What `[docker] pull_policy` may say. */
export const PULL_POLICIES = ['missing', 'never', 'always'] as const;
/** What `[build] network` may say (never `host`). */
export const BUILD_NETWORKS = ['bridge', 'none'] as const;
/** Docker Engine's builders (`[build] builder`). */
export const BUILDERS = ['auto', 'buildkit', 'legacy'] as const;

const optionalText = (description: string) => Type.Optional(Type.String({ minLength: 1, description }));
const names = (description: string) => Type.Array(Type.String({ minLength: 1 }), { uniqueItems: true, description });
const atLeast = (minimum: number, description: string) => Type.Integer({ minimum, description });

/** One `[[server.tokens]]` entry: a named token, its scopes, and where its secret comes from (exactly one source). */
export const ApiTokenConfig = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,62}$', description: 'Shown in the audit trail and the request log; unique.' }),
    scopes: Type.Array(Type.Enum([...SCOPES]), { minItems: 1, uniqueItems: true, description: 'read < operate < write < admin; each includes the ones before it.' }),
    token_file: optionalText('A file holding the token (read at start, trimmed); it must not be readable by group or others.'),
    token_env: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'An environment variable holding the token.' })),
    token_sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: "The token's SHA-256 digest (hex), so the configuration holds no secret." })),
  },
  { additionalProperties: false },
);

export const DockerConfig = Type.Object(
  {
    runtime: Type.Enum([...RUNTIME_NAMES], { description: 'Which engine to use: `docker`, `podman`, or `auto` (the first one that answers).' }),
    socket_path: optionalText("The engine's socket. Absent: discovered (DOCKER_HOST, then the usual paths)."),
    host: optionalText('A Docker engine by URL: `unix:///path`, `tcp://host:2376` (mutual TLS with the `tls_*` files) or `ssh://user@host:22` (with `ssh_key_file` and `ssh_known_hosts_file`). Takes precedence over `socket_path` and DOCKER_HOST.'),
    tls_ca_file: optionalText('For a `tcp://` host: the CA that signed the engine\'s certificate (PEM).'),
    tls_cert_file: optionalText("For a `tcp://` host: this server's client certificate (PEM)."),
    tls_key_file: optionalText("For a `tcp://` host: the client certificate's key (PEM); it must be owned by the server's user and not readable by group or others."),
    ssh_key_file: optionalText("For an `ssh://` host: the private key to log in with; it must be owned by the server's user and not readable by group or others. Absent: the ssh client's own."),
    ssh_known_hosts_file: optionalText("For an `ssh://` host: the known_hosts file that must name the host's key (checked strictly). Absent: the ssh client's own."),
    allow_plain_tcp: Type.Boolean({ description: 'Accept a `tcp://` host without TLS: anyone who can reach the port then drives the engine. Default false.' }),
    rootless: Type.Boolean({ description: 'Whether the engine is expected to run rootless; checked against the engine in runtime/info.' }),
    build_dir: optionalText('The former place of `build.build_dir`; still accepted.'),
    default_memory_mb: atLeast(1, 'Memory limit (MiB) of a created container whose request sets none.'),
    default_cpus: Type.Number({ exclusiveMinimum: 0, description: 'CPU limit of a created container whose request sets none.' }),
    default_pids_limit: atLeast(1, 'Process limit of a created container whose request sets none.'),
    default_host_ip: optionalText('Bind address of published ports whose spec names none. Absent: the engine default (every interface).'),
    pull_policy: Type.Enum([...PULL_POLICIES], { description: 'When images are pulled: `missing`, `never` or `always`.' }),
    allowed_registries: names('Registries images may be pulled from (`docker.io` for Docker Hub). Empty: any.'),
    allowed_bind_roots: Type.Array(Type.String({ pattern: '^/' }), {
      uniqueItems: true,
      description: 'Host directories bind mounts may come from (absolute, existing, not `/`). Empty: no bind mounts.',
    }),
    registry_auth_file: optionalText("Registry credentials in Docker's config.json format (`auths`, `credHelpers`, `credsStore`), used by pulls and pushes that bring none. Read at start; it must be owned by the server's user and not readable by group or others."),
  },
  { additionalProperties: false },
);

/** What a named engine's `runtime` may say (no `auto`: a named engine is one known engine). */
export const ENGINE_RUNTIMES = ['docker', 'podman'] as const;
/** What an engine label's key may be: lower-case DNS-like words joined by `.`, `-`, `_` or `/`. */
export const ENGINE_LABEL_KEY_PATTERN = '^[a-z0-9]([a-z0-9._/-]{0,126}[a-z0-9])?$';

/** One `[[engines]]` table: an engine besides the default one (`[docker]`), reached by name. */
export const EngineConfig = Type.Object(
  {
    name: Type.String({ pattern: ENGINE_NAME_PATTERN, description: 'The engine\'s name in routes (`/api/v1/engines/{name}/...`): lower-case letters, digits and `-`, at most 63 characters; unique, not `default`.' }),
    runtime: Type.Enum([...ENGINE_RUNTIMES], { description: 'The engine: `docker` or `podman`.' }),
    host: Type.String({ minLength: 1, description: 'The engine by URL, as `[docker] host`: `unix:///path` (the only form for Podman), `tcp://host:2376` (mutual TLS with the `tls_*` files) or `ssh://user@host:22`.' }),
    tls_ca_file: DockerConfig.properties.tls_ca_file,
    tls_cert_file: DockerConfig.properties.tls_cert_file,
    tls_key_file: DockerConfig.properties.tls_key_file,
    ssh_key_file: DockerConfig.properties.ssh_key_file,
    ssh_known_hosts_file: DockerConfig.properties.ssh_known_hosts_file,
    allow_plain_tcp: Type.Optional(DockerConfig.properties.allow_plain_tcp),
    labels: Type.Optional(
      Type.Record(Type.String(), Type.String({ maxLength: 256 }), {
        description: 'Labels describing the engine or its node (`region = "eu"`), shown by `GET /api/v1/engines`: keys of lower-case words joined by `.`, `-`, `_` or `/`; values without control characters.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ServerConfig = Type.Object(
  {
    host: Type.String({ minLength: 1, description: 'Address to bind. Anything but loopback requires `token`.' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, description: 'TCP port; 0 picks a free one.' }),
    token: optionalText('Bearer token every `/api/*` request must carry. Absent: no authentication (loopback only).'),
    body_limit_bytes: atLeast(1, 'Largest request body accepted; larger ones get 413.'),
    data_dir: Type.String({ minLength: 1, description: 'Where build records (SQLite) live.' }),
    allowed_hosts: names('Host header values accepted besides loopback names and the bound address; others get 421.'),
    allowed_origins: Type.Array(Type.String({ pattern: '^https?://[^/?#]+$' }), {
      uniqueItems: true,
      description: "Browser origins (scheme://host[:port]) accepted besides the server's own; others get 403.",
    }),
    scope: Type.Enum([...SERVER_SCOPES], { description: '`instance`: only containers of this server; `managed`: every mikrocloud-managed container.' }),
    expose_unmanaged: Type.Boolean({ description: '`?all=true` on GET /containers lists unmanaged containers too.' }),
    max_streams: atLeast(1, 'Live log streams open at once; past it 429.'),
    headers_timeout_seconds: atLeast(1, 'A client must send its request headers within this time.'),
    request_timeout_seconds: atLeast(1, 'A client must send its whole request (headers and body) within this time.'),
    tokens: Type.Array(ApiTokenConfig, { description: 'Named tokens with scopes (`[[server.tokens]]`), besides `token`.' }),
    audit_retention_days: atLeast(1, 'Audit entries older than this are deleted.'),
    dashboard: Type.Boolean({ description: 'Serve the web dashboard at `/` (its API calls need a token like any other client).' }),
  },
  { additionalProperties: false },
);

export const BuildConfig = Type.Object(
  {
    concurrency: atLeast(1, 'Builds that may run at the same time.'),
    timeout_seconds: atLeast(1, 'A build running longer is cancelled.'),
    allowed_git_protocols: Type.Array(Type.Enum([...KNOWN_PROTOCOLS]), { uniqueItems: true, description: 'Git transports builds may clone from.' }),
    clone_timeout_seconds: atLeast(1, 'A clone taking longer is cancelled.'),
    max_repo_bytes: atLeast(1, 'A repository larger than this is refused.'),
    github_token: optionalText('Token for private GitHub repositories and commit statuses.'),
    github_api_url: Type.String({ pattern: '^https?://' }),
    github_commit_status: Type.Boolean({ description: 'Report build results as GitHub commit statuses.' }),
    buildpacks: Type.Array(Type.String({ minLength: 1 }), { description: 'Module paths of custom buildpacks, loaded after the built-in ones.' }),
    base_images: Type.Record(Type.String(), Type.String({ minLength: 1 }), { description: 'Base images buildpacks use, by role (`node`, `nginx`, ...).' }),
    build_dir: optionalText('Where builds put their temporary workspaces. Absent: `<data_dir>/builds`.'),
    network: Type.Enum([...BUILD_NETWORKS], { description: 'Network of build steps: `bridge` or `none` (never the host network).' }),
    builder: Type.Enum([...BUILDERS], {
      description: "Docker Engine's builder: `auto` (BuildKit where the engine has it), `buildkit` or `legacy`. Podman always builds with buildah.",
    }),
    allow_unconfined_mounts: Type.Boolean({ description: 'Allow `RUN --mount` the engine cannot confine.' }),
    allow_foreign_tags: Type.Boolean({ description: 'Allow a build to overwrite a tag whose image no build made.' }),
    image_namespace: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$', description: 'Every image tag must start with `<namespace>/`.' })),
    memory_mb: atLeast(1, 'Memory limit (MiB) of a build.'),
    cpus: Type.Number({ exclusiveMinimum: 0, description: 'CPU limit of a build.' }),
    max_queue: atLeast(0, 'Builds and plans waiting for a slot; past it 429.'),
    max_log_bytes: atLeast(1, 'Bytes of log kept per build; the rest is cut with one truncation line.'),
    retention_count: atLeast(0, 'Finished builds kept, newest first.'),
    retention_days: atLeast(0, 'Finished builds older than this are deleted.'),
    allowed_git_hosts: names('Host names repositories may be cloned from. Empty: any.'),
    ssh_key_file: optionalText('Private key for ssh clones; without it ssh clones are refused.'),
    ssh_known_hosts_file: optionalText('known_hosts file for ssh clones (strict host key checking).'),
    nixpacks_cli: Type.Boolean({ description: 'Run the nixpacks CLI (requests can no longer ask for it).' }),
    nixpacks_user: Type.String({ minLength: 1, description: 'User the nixpacks CLI runs as.' }),
  },
  { additionalProperties: false },
);

/** The complete configuration as a schema: every default filled in. */
export const CompleteConfig = Type.Object(
  { docker: DockerConfig, engines: Type.Array(EngineConfig), server: ServerConfig, build: BuildConfig },
  { additionalProperties: false },
);
/** The complete configuration, every default filled in. */
export type MikrocloudConfig = Type.Static<typeof CompleteConfig>;

/** The shape of a configuration file (and of every override layer): every key optional. */
export const ConfigInput = Type.Object(
  {
    docker: Type.Optional(Type.Partial(DockerConfig, { additionalProperties: false })),
    engines: Type.Optional(Type.Array(EngineConfig, { description: 'Named engines besides the default one (`[[engines]]`).' })),
    server: Type.Optional(Type.Partial(ServerConfig, { additionalProperties: false })),
    build: Type.Optional(Type.Partial(BuildConfig, { additionalProperties: false })),
  },
  { additionalProperties: false, $id: 'ConfigInput' },
);
/** A configuration layer: any subset of the keys of {@link MikrocloudConfig}. */
export type ConfigInput = Type.Static<typeof ConfigInput>;

export type Section = 'docker' | 'server' | 'build';
type PropertySchemas = Record<string, { type?: string }>;
/** The schema of each key, by section: what the environment layer coerces by. */
export const SECTIONS: Record<Section, PropertySchemas> = {
  docker: DockerConfig.properties as unknown as PropertySchemas,
  server: ServerConfig.properties as unknown as PropertySchemas,
  build: BuildConfig.properties as unknown as PropertySchemas,
};

/** Allowed values of enum keys, spelled out in error messages. */
export const ENUMS: Record<string, readonly string[]> = {
  'docker.runtime': RUNTIME_NAMES,
  'docker.pull_policy': PULL_POLICIES,
  'engines.runtime': ENGINE_RUNTIMES,
  'server.scope': SERVER_SCOPES,
  'server.tokens.scopes': SCOPES,
  'build.allowed_git_protocols': GIT_PROTOCOLS,
  'build.network': BUILD_NETWORKS,
  'build.builder': BUILDERS,
};

/** Keys whose values are secrets: never printed, never logged, and a file holding one must be private. */
export const SECRET_KEYS = ['server.token', 'build.github_token'] as const;
