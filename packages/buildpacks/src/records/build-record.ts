/** Where a build is in its life. */
export type BuildStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timed_out';

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
