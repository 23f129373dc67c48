import Type from 'typebox';

/** Largest memory limit a request may ask for: 1 TiB, in MiB. */
export const MAX_MEMORY_MB = 1024 * 1024;

/**
 * The limits a container runs under, asked for on create. Each one given wins over the manager's
 * defaults (`[docker] default_memory_mb`, `default_cpus`, `default_pids_limit`).
 */
export const ContainerResources = Type.Object(
  {
    memory_mb: Type.Optional(Type.Integer({ minimum: 6, maximum: MAX_MEMORY_MB, description: 'memory limit in MiB (at least 6)' })),
    memory_swap_mb: Type.Optional(
      Type.Integer({
        minimum: -1,
        maximum: MAX_MEMORY_MB * 2,
        description: 'memory plus swap in MiB, at least memory_mb (which it needs); -1 for unlimited swap',
      }),
    ),
    cpus: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1024, description: 'CPUs the container may use, e.g. 0.5' })),
    pids_limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 4_194_304, description: 'most processes (and threads) at once' })),
  },
  { additionalProperties: false, $id: 'ContainerResources' },
);
export type ContainerResources = Type.Static<typeof ContainerResources>;

const Applied = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The limits the engine applied, read back from the container; null where there is none. */
export const AppliedResources = Type.Object(
  {
    memory_mb: Applied(Type.Integer()),
    memory_swap_mb: Applied(Type.Integer({ description: '-1: unlimited swap' })),
    cpus: Applied(Type.Number()),
    pids_limit: Applied(Type.Integer()),
  },
  { $id: 'AppliedResources' },
);
export type AppliedResources = Type.Static<typeof AppliedResources>;
