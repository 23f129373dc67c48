import Type from 'typebox';

// Volumes, mounts and networks: what a container may be given besides its image, and how the
// managed volumes and networks themselves look.

const Target = Type.String({ pattern: '^/', maxLength: 4096, description: 'absolute path inside the container, not /' });
const ReadOnly = Type.Optional(Type.Boolean({ description: 'mounted read-only (default false)' }));
const Source = Type.String({ minLength: 1, maxLength: 4096 });
const SizeMb = Type.Integer({ minimum: 1, maximum: 1_048_576, description: "tmpfs only: size limit in MiB (default: the engine's)" });

/** A managed named volume mounted into a container. */
const VolumeMount = Type.Object({ type: Type.Literal('volume'), source: Source, target: Target, read_only: ReadOnly });
/** A memory-backed file system. */
const TmpfsMount = Type.Object({ type: Type.Literal('tmpfs'), target: Target, size_mb: Type.Optional(SizeMb) });
/** A host directory or file, allowed only under the manager's `allowedBindRoots`. */
const BindMount = Type.Object({ type: Type.Literal('bind'), source: Source, target: Target, read_only: ReadOnly });

/**
 * One mount of a container: a named volume this installation created (`source`: its name), a
 * tmpfs (`size_mb`), or a bind mount (`source`: an absolute host path under an allowed bind root).
 * One object schema rather than a union, so that a bad field is reported by its own name; which
 * fields each type takes is checked by `checkMounts`.
 */
export const Mount = Type.Object(
  {
    type: Type.Enum(['volume', 'tmpfs', 'bind'], { description: 'volume, tmpfs or bind' }),
    source: Type.Optional(Type.String({ ...Source, description: 'volume: its name; bind: absolute host path under an allowed bind root' })),
    target: Target,
    read_only: ReadOnly,
    size_mb: Type.Optional(SizeMb),
  },
  { additionalProperties: false, $id: 'Mount' },
);
/** One mount, by type: `volume` and `bind` take a `source`, `tmpfs` a `size_mb`. */
export type Mount = Type.Static<typeof VolumeMount> | Type.Static<typeof TmpfsMount> | Type.Static<typeof BindMount>;

/** A managed network a container joins, and the names it answers to there besides its own. */
export const NetworkAttachment = Type.Object(
  {
    name: Type.String({ minLength: 1, description: 'name of a network this installation created' }),
    aliases: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'extra DNS names of the container on this network' })),
  },
  { additionalProperties: false, $id: 'NetworkAttachment' },
);
export type NetworkAttachment = Type.Static<typeof NetworkAttachment>;

/** The `mounts` and `networks` properties of a container's configuration. */
export const StorageConfigProperties = {
  mounts: Type.Optional(Type.Array(Mount, { maxItems: 64, description: 'volumes, tmpfs and bind mounts' })),
  networks: Type.Optional(
    Type.Array(NetworkAttachment, { maxItems: 32, description: 'managed networks to join; the first at creation, the others before start' }),
  ),
};

/** A network a container is on, as inspect reports it. */
export const ContainerNetwork = Type.Object(
  {
    name: Type.String(),
    aliases: Type.Array(Type.String(), { description: 'the aliases given (the engine\'s own, such as the short id, left out)' }),
    ip_address: Type.Union([Type.String(), Type.Null()], { description: 'null until the container runs' }),
  },
  { $id: 'ContainerNetwork' },
);
export type ContainerNetwork = Type.Static<typeof ContainerNetwork>;

/** The `mounts` and `networks` properties of a container's details. */
export const StorageDetailsProperties = {
  mounts: Type.Array(Mount),
  networks: Type.Array(ContainerNetwork),
};

const Labels = Type.Record(Type.String(), Type.String());

/** What `createVolume` is asked for. */
export const VolumeSpec = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 128, description: 'the engine picks one when absent' })),
    labels: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'labels; keys under io.mikrocloud. are reserved' })),
  },
  { additionalProperties: false, $id: 'VolumeSpec' },
);
export type VolumeSpec = Type.Static<typeof VolumeSpec>;

/** A managed volume. */
export const VolumeInfo = Type.Object(
  {
    name: Type.String(),
    driver: Type.String(),
    mountpoint: Type.String({ description: 'where the engine keeps it on the host' }),
    labels: Labels,
    created_at: Type.Union([Type.String(), Type.Null()], { description: 'ISO 8601, when the engine says' }),
  },
  { $id: 'VolumeInfo' },
);
export type VolumeInfo = Type.Static<typeof VolumeInfo>;

/** What a prune removed, or with a dry run would remove. */
export const PruneResult = Type.Object(
  { removed: Type.Array(Type.String()), dry_run: Type.Boolean() },
  { $id: 'PruneResult' },
);
export type PruneResult = Type.Static<typeof PruneResult>;

/** What `createNetwork` is asked for. */
export const NetworkSpec = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    internal: Type.Optional(Type.Boolean({ description: 'no route out of the network (default false)' })),
    labels: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'labels; keys under io.mikrocloud. are reserved' })),
  },
  { additionalProperties: false, $id: 'NetworkSpec' },
);
export type NetworkSpec = Type.Static<typeof NetworkSpec>;

/** A managed network. */
export const NetworkInfo = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    driver: Type.String(),
    internal: Type.Boolean(),
    labels: Labels,
    created_at: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'NetworkInfo' },
);
export type NetworkInfo = Type.Static<typeof NetworkInfo>;

/** The body of a connect or disconnect request. */
export const NetworkConnection = Type.Object(
  {
    container: Type.String({ minLength: 1, maxLength: 128, description: 'container id, unique id prefix, or name' }),
    aliases: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'connect only: extra DNS names on the network' })),
    force: Type.Optional(Type.Boolean({ description: 'disconnect only: even when the container is not running' })),
  },
  { additionalProperties: false, $id: 'NetworkConnection' },
);
export type NetworkConnection = Type.Static<typeof NetworkConnection>;
