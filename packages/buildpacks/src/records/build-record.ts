import Type from 'typebox';

/** Where a build is in its life. */
export type BuildStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed_out';
export const BUILD_STATUSES: readonly BuildStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out'];

export const FINAL_STATUSES: ReadonlySet<BuildStatus> = new Set(['succeeded', 'failed', 'cancelled', 'timed_out']);

/** One image a build produced. */
export interface BuiltImage {
  tag: string;
  image_id: string;
}

/** A build as the API reports it. Secrets never reach a record: URLs and errors are redacted. */
export interface BuildRecord {
  id: string;
  status: BuildStatus;
  buildpack_type: string;
  /** Redacted. */
  git_repo: string;
  git_branch: string | null;
  image_tag: string;
  commit: string | null;
  image_id: string | null;
  /** Every image built (more than one for compose `all_services`). */
  images: BuiltImage[];
  /** Redacted. */
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
}

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** The JSON Schema of {@link BuildRecord}, for API documents. */
export const BuildRecordSchema = Type.Object(
  {
    id: Type.String(),
    status: Type.Union(BUILD_STATUSES.map((s) => Type.Literal(s))),
    buildpack_type: Type.String(),
    git_repo: Type.String({ description: 'credentials redacted' }),
    git_branch: NullableString,
    image_tag: Type.String(),
    commit: Type.Union([Type.String({ description: 'the commit SHA that was built' }), Type.Null()]),
    image_id: NullableString,
    images: Type.Array(Type.Object({ tag: Type.String(), image_id: Type.String() })),
    error: Type.Union([Type.String({ description: 'redacted' }), Type.Null()]),
    created_at: Type.String(),
    started_at: NullableString,
    finished_at: NullableString,
    duration_ms: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'BuildRecord' },
);
