import Type from 'typebox';
import { StorageConfigProperties, StorageDetailsProperties } from './storage.js';
import { ContainerHealth, HealthCheck } from './health.js';
import { AppliedResources, ContainerResources } from './resources.js';

/** The values of {@link RestartPolicy}: `on-failure:N` restarts N times at most. */
export type RestartPolicyValue = 'no' | 'always' | 'unless-stopped' | 'on-failure' | `on-failure:${number}`;

/** `no`, `always`, `unless-stopped`, `on-failure` or `on-failure:N` (N retries at most). */
export const RestartPolicy = Type.Unsafe<RestartPolicyValue>(
  Type.String({
    pattern: '^(no|always|unless-stopped|on-failure(:[0-9]{1,6})?)$',
    description: 'no | always | unless-stopped | on-failure | on-failure:N',
    errorMessage: 'must be one of no, always, unless-stopped, on-failure, on-failure:N',
    examples: ['unless-stopped'],
  }),
);
export type RestartPolicy = RestartPolicyValue;

/**
 * Published ports, host side → container side, as in `{"8080": "80"}`. The host side may carry an
 * address (`"127.0.0.1:8080"`, `"[::1]:8080"`), either side a protocol (`"53/udp"`; default tcp).
 */
export const PortMap = Type.Record(Type.String(), Type.Union([Type.String(), Type.Integer()]), {
  description: 'host port (optionally "ip:port", "port/proto") → container port ("80", "53/udp")',
  examples: [{ '8080': '80', '127.0.0.1:5353/udp': '53/udp' }],
});
export type PortMap = Type.Static<typeof PortMap>;

const StringMap = (description: string) =>
  Type.Record(Type.String(), Type.String(), { description });

/** What a user asks for when creating a container. */
export const ContainerConfig = Type.Object(
  {
    image: Type.String({ minLength: 1, description: 'image reference, e.g. nginx:alpine', examples: ['nginx:alpine'] }),
    name: Type.Optional(Type.String({ minLength: 1, description: 'container name; the engine picks one when absent' })),
    ports: Type.Optional(PortMap),
    environment: Type.Optional(StringMap('environment variables')),
    restart_policy: Type.Optional(RestartPolicy),
    command: Type.Optional(Type.Array(Type.String(), { description: 'argv, never a shell string' })),
    entrypoint: Type.Optional(Type.Array(Type.String(), { description: 'argv, never a shell string' })),
    working_dir: Type.Optional(
      Type.String({ pattern: '^/', description: 'absolute path inside the container', errorMessage: 'must be an absolute path (starting with /)' }),
    ),
    labels: Type.Optional(StringMap('labels; keys under io.mikrocloud. are reserved')),
    tty: Type.Optional(Type.Boolean({ description: 'allocate a terminal (logs are then one stream)' })),
    ...StorageConfigProperties,
    resources: Type.Optional(ContainerResources),
    healthcheck: Type.Optional(HealthCheck),
  },
  { additionalProperties: false, $id: 'ContainerConfig' },
);
export type ContainerConfig = Type.Static<typeof ContainerConfig>;

export const Protocol = Type.Union([Type.Literal('tcp'), Type.Literal('udp'), Type.Literal('sctp')]);
export type Protocol = Type.Static<typeof Protocol>;

/** One published port, the same shape on every engine and in every answer. */
export const PortBinding = Type.Object(
  {
    host_ip: Type.String({ description: '0.0.0.0 when published on every address' }),
    host_port: Type.Integer({ minimum: 1, maximum: 65535 }),
    container_port: Type.Integer({ minimum: 1, maximum: 65535 }),
    protocol: Protocol,
  },
  { $id: 'PortBinding' },
);
export type PortBinding = Type.Static<typeof PortBinding>;

export const ContainerState = Type.Union(
  ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead', 'unknown'].map((s) => Type.Literal(s)),
);
export type ContainerState =
  | 'created'
  | 'running'
  | 'paused'
  | 'restarting'
  | 'removing'
  | 'exited'
  | 'dead'
  | 'unknown';

/** A container as `list` shows it: the same fields on Docker and Podman. */
export const ContainerInfo = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    image: Type.String({ description: 'the image as the user asked for it' }),
    state: ContainerState,
    status: Type.String({ description: 'human-readable status from the engine' }),
    ports: Type.Array(PortBinding),
    labels: Type.Record(Type.String(), Type.String()),
    created_at: Type.String({ description: 'ISO 8601' }),
    health: ContainerHealth,
  },
  { $id: 'ContainerInfo' },
);
export type ContainerInfo = Omit<Type.Static<typeof ContainerInfo>, 'state'> & { state: ContainerState };

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** A container as `inspect` shows it: everything in {@link ContainerInfo}, and its configuration. */
export const ContainerDetails = Type.Object(
  {
    ...ContainerInfo.properties,
    image_id: Type.String(),
    environment: Type.Record(Type.String(), Type.String()),
    restart_policy: RestartPolicy,
    restart_count: Type.Integer(),
    command: Type.Array(Type.String()),
    entrypoint: Type.Array(Type.String()),
    working_dir: Type.String(),
    tty: Type.Boolean(),
    exit_code: Type.Union([Type.Integer(), Type.Null()]),
    started_at: NullableString,
    finished_at: NullableString,
    ...StorageDetailsProperties,
    resources: AppliedResources,
  },
  { $id: 'ContainerDetails' },
);
export type ContainerDetails = ContainerInfo &
  Omit<Type.Static<typeof ContainerDetails>, keyof Type.Static<typeof ContainerInfo>>;

/** One line of a container's output. */
export const LogLine = Type.Object(
  {
    stream: Type.Union([Type.Literal('stdout'), Type.Literal('stderr')]),
    line: Type.String(),
    timestamp: Type.Optional(Type.String()),
  },
  { $id: 'LogLine' },
);
export type LogLine = Type.Static<typeof LogLine>;

export const WaitResult = Type.Object({ exit_code: Type.Integer() }, { $id: 'WaitResult' });
export type WaitResult = Type.Static<typeof WaitResult>;
