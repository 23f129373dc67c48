import Type from 'typebox';

/** What an engine says about itself, plus how mikrocloud reached it. */
export const RuntimeInfo = Type.Object(
  {
    runtime: Type.String({ description: 'docker | podman | the name a custom runtime gives itself' }),
    socket_path: Type.String(),
    rootless: Type.Boolean({ description: 'as the engine reports it' }),
    version: Type.String(),
    api_version: Type.String(),
    os: Type.String(),
    arch: Type.String(),
    kernel_version: Type.String(),
    cpus: Type.Integer(),
    memory_bytes: Type.Integer(),
    cgroup_version: Type.String(),
    storage_driver: Type.String(),
    warnings: Type.Array(Type.String(), { description: 'disagreements between configuration and engine' }),
  },
  { $id: 'RuntimeInfo' },
);
export type RuntimeInfo = Type.Static<typeof RuntimeInfo>;

/** An image as the engine stores it. */
export const ImageInfo = Type.Object(
  {
    id: Type.String(),
    tags: Type.Array(Type.String()),
    size_bytes: Type.Integer(),
    created_at: Type.String(),
    labels: Type.Record(Type.String(), Type.String()),
  },
  { $id: 'ImageInfo' },
);
export type ImageInfo = Type.Static<typeof ImageInfo>;
