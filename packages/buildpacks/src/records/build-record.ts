import Type, { type Static } from 'typebox';

const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'] as const;
const BuildStatusSchema = Type.Enum(STATUSES, { description: 'queued → running → succeeded | failed | cancelled | timed_out' });

/** Where a build is in its life. */
export type BuildStatus = Static<typeof BuildStatusSchema>;
export const BUILD_STATUSES: readonly BuildStatus[] = STATUSES;

export const FINAL_STATUSES: ReadonlySet<BuildStatus> = new Set(['succeeded', 'failed', 'cancelled', 'timed_out']);

const NullableString = Type.Union([Type.String(), Type.Null()]);

const BuiltImageSchema = Type.Object({
  tag: Type.String(),
  image_id: Type.String(),
  pushed: Type.Optional(Type.Boolean({ description: 'pushed to its registry after the build (requests with `push: true`)' })),
});

/** One image a build produced. */
export type BuiltImage = Static<typeof BuiltImageSchema>;

/** What a build detected about its repository: the buildpack `auto` chose and why, and the nixpacks provider. */
export const DetectedBuildpackSchema = Type.Object(
  {
    buildpack_type: Type.String({ description: 'the buildpack that built the repository (`dockerfile`, `docker-compose`, `nixpacks`)' }),
    reason: Type.String({ description: 'why: the files that decided it' }),
    provider: Type.Optional(Type.String({ description: 'the nixpacks provider that planned the app (`node`, `python`, `go`, `static`)' })),
  },
  { $id: 'DetectedBuildpack' },
);

/** What a build detected (see {@link DetectedBuildpackSchema}). */
export type BuildDetection = Static<typeof DetectedBuildpackSchema>;

/**
 * The JSON Schema of a build as the API reports it, and the source of the {@link BuildRecord}
 * type. Secrets never reach a record: URLs and errors are redacted.
 */
export const BuildRecordSchema = Type.Object(
  {
    id: Type.String(),
    status: BuildStatusSchema,
    buildpack_type: Type.String(),
    git_repo: Type.String({ description: 'credentials redacted' }),
    git_branch: NullableString,
    image_tag: Type.String(),
    commit: Type.Union([Type.String({ description: 'the commit SHA that was built' }), Type.Null()]),
    image_id: NullableString,
    images: Type.Array(BuiltImageSchema, { description: 'every image built (more than one for compose all_services)' }),
    error: Type.Union([Type.String({ description: 'redacted' }), Type.Null()]),
    created_at: Type.String(),
    started_at: NullableString,
    finished_at: NullableString,
    duration_ms: Type.Union([Type.Integer(), Type.Null()]),
    first_output_ms: Type.Union([Type.Integer(), Type.Null()], {
      description: 'milliseconds from submission to the first line the build itself printed (checkout or engine output); null before it printed any',
    }),
    detected: Type.Union([DetectedBuildpackSchema, Type.Null()], {
      description:
        'what the build detected: for `auto`, the buildpack it chose and why; for nixpacks (chosen or requested), the provider too; null until known, and for buildpacks that detect nothing',
    }),
  },
  { $id: 'BuildRecord' },
);

/** A build as the API reports it (see {@link BuildRecordSchema}). */
export type BuildRecord = Static<typeof BuildRecordSchema>;
