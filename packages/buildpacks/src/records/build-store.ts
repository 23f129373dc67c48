import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ConflictError, NotFoundError } from '@mikrocloud/core';
import type { BuildDetection, BuildRecord, BuildStatus, BuiltImage } from './build-record.js';
import { isTruncationLine } from './log-budget.js';

/** A `builds` row: the record, with the commit in `commit_sha` and the images and detection as JSON text. */
type Row = Omit<BuildRecord, 'commit' | 'images' | 'detected'> & { commit_sha: string | null; images: string; detected: string | null };

const toRecord = (row: Row): BuildRecord => ({
  id: row.id,
  status: row.status,
  buildpack_type: row.buildpack_type,
  git_repo: row.git_repo,
  git_branch: row.git_branch,
  image_tag: row.image_tag,
  commit: row.commit_sha,
  image_id: row.image_id,
  images: JSON.parse(row.images) as BuiltImage[],
  error: row.error,
  created_at: row.created_at,
  started_at: row.started_at,
  finished_at: row.finished_at,
  duration_ms: row.duration_ms,
  first_output_ms: row.first_output_ms ?? null,
  detected: row.detected === null ? null : (JSON.parse(row.detected) as BuildDetection),
});

/** Fields a build may change as it runs. */
export type BuildUpdate = Partial<
  Pick<BuildRecord, 'status' | 'commit' | 'image_id' | 'images' | 'error' | 'started_at' | 'finished_at' | 'duration_ms' | 'first_output_ms' | 'detected'>
>;

/** A stored log line with its position (the line's number in its build's log, from 1), so readers can resume after it. */
export interface StoredLogLine {
  seq: number;
  line: string;
}

/** A `build_log_chunks` row: consecutive lines of one build's log, stored as one JSON array. */
interface ChunkRow {
  first_line: number;
  line_count: number;
  lines: string;
}

/** What {@link BuildStore.prune} removes: finished builds past the newest `maxCount`, or finished before `olderThan`. */
export interface PruneOptions {
  /** Finished builds kept, newest first. */
  maxCount: number;
  /** Finished builds that ended before this instant are removed. */
  olderThan: Date;
}

const FINISHED = "status IN ('succeeded', 'failed', 'cancelled', 'timed_out')";

/**
 * Build records and their logs in SQLite (`<dataDir>/mikrocloud.db`, WAL mode). Logs are stored
 * in chunks (one row per batch of lines the log sink flushes, not one per line) and read back
 * page by page with iterators, so no log is ever held whole in memory and a chatty build costs
 * few rows. The database uses incremental auto-vacuum, so the space of pruned
 * builds goes back to the file system.
 */
export class BuildStore {
  readonly db: Database.Database;
  private readonly statements;

  /** Opens (creating when missing) the database file; `':memory:'` for a throwaway store. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.db = new Database(file);
    // Records hold (redacted) build logs: readable by the server's user only, like its -wal and -shm files.
    if (file !== ':memory:') chmodSync(file, 0o600);
    this.enableIncrementalVacuum();
    this.db.pragma('journal_mode = WAL');
    // The write-ahead log shrinks back to this size after a checkpoint instead of keeping its peak.
    this.db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS builds (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        buildpack_type TEXT NOT NULL,
        git_repo TEXT NOT NULL,
        git_branch TEXT,
        image_tag TEXT NOT NULL,
        commit_sha TEXT,
        image_id TEXT,
        images TEXT NOT NULL DEFAULT '[]',
        error TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        duration_ms INTEGER,
        created_seq INTEGER NOT NULL,
        first_output_ms INTEGER,
        detected TEXT
      );
      CREATE INDEX IF NOT EXISTS builds_status ON builds(status);
      CREATE INDEX IF NOT EXISTS builds_created_seq ON builds(created_seq);
      CREATE TABLE IF NOT EXISTS build_log_chunks (
        build_id TEXT NOT NULL REFERENCES builds(id) ON DELETE CASCADE,
        first_line INTEGER NOT NULL,
        line_count INTEGER NOT NULL,
        lines TEXT NOT NULL,
        PRIMARY KEY (build_id, first_line)
      ) WITHOUT ROWID;
    `);
    this.addColumnIfMissing('builds', 'first_output_ms', 'INTEGER');
    this.addColumnIfMissing('builds', 'detected', 'TEXT');
    this.statements = {
      insert: this.db.prepare(`INSERT INTO builds (id, status, buildpack_type, git_repo, git_branch, image_tag, created_at, created_seq)
        VALUES (@id, @status, @buildpack_type, @git_repo, @git_branch, @image_tag, @created_at, (SELECT COALESCE(MAX(created_seq), 0) + 1 FROM builds))`),
      get: this.db.prepare('SELECT * FROM builds WHERE id = ?'),
      list: this.db.prepare('SELECT * FROM builds ORDER BY created_seq DESC LIMIT ?'),
      listByStatus: this.db.prepare('SELECT * FROM builds WHERE status = ? ORDER BY created_seq DESC LIMIT ?'),
      appendChunk: this.db.prepare('INSERT INTO build_log_chunks (build_id, first_line, line_count, lines) VALUES (?, ?, ?, ?)'),
      nextLine: this.db.prepare('SELECT COALESCE(MAX(first_line + line_count), 1) FROM build_log_chunks WHERE build_id = ?').pluck(),
      // The chunks holding lines after a position: the one containing it, then the later ones (read lazily).
      readChunks: this.db.prepare(`SELECT first_line, line_count, lines FROM build_log_chunks
        WHERE build_id = @id AND first_line > @after - ${BuildStore.CHUNK_LINES} AND first_line + line_count > @after
        ORDER BY first_line`),
      interrupted: this.db.prepare("SELECT id FROM builds WHERE status IN ('queued', 'running')"),
      lastChunk: this.db.prepare('SELECT lines FROM build_log_chunks WHERE build_id = ? ORDER BY first_line DESC LIMIT 1').pluck(),
      prune: this.db.prepare(`DELETE FROM builds WHERE ${FINISHED} AND (COALESCE(finished_at, created_at) < @cutoff
        OR created_seq <= (SELECT created_seq FROM builds WHERE ${FINISHED} ORDER BY created_seq DESC LIMIT 1 OFFSET @keep))`),
      averageDuration: this.db.prepare(`SELECT AVG(duration_ms) FROM (SELECT duration_ms FROM builds
        WHERE duration_ms IS NOT NULL ORDER BY created_seq DESC LIMIT ?)`).pluck(),
    };
    this.migrateLineRows();
  }

  /** Adds a column a database created by an older version lacks. */
  private addColumnIfMissing(table: string, column: string, type: string): void {
    const columns = this.db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[];
    if (!columns.includes(column)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
  }

  /**
   * Turns on incremental auto-vacuum. A new database takes it as it is created; an existing one
   * created without it is rewritten once (VACUUM), which is when the setting takes effect.
   */
  private enableIncrementalVacuum(): void {
    const INCREMENTAL = 2;
    if (this.db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return;
    this.db.pragma('auto_vacuum = INCREMENTAL');
    const hasTables = this.db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'").pluck().get() as number;
    if (hasTables > 0) this.db.exec('VACUUM');
  }

  /** Stores a new record; a taken id is a ConflictError. */
  create(record: Pick<BuildRecord, 'id' | 'status' | 'buildpack_type' | 'git_repo' | 'git_branch' | 'image_tag' | 'created_at'>): BuildRecord {
    try {
      this.statements.insert.run(record);
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new ConflictError(`a build with id "${record.id}" already exists`);
      }
      throw error;
    }
    return this.get(record.id)!;
  }

  get(id: string): BuildRecord | undefined {
    const row = this.statements.get.get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Like {@link get}, but a missing build is a NotFoundError. */
  require(id: string): BuildRecord {
    const record = this.get(id);
    if (!record) throw new NotFoundError(`no build with id "${id}"`);
    return record;
  }

  /** Newest first. */
  list(options: { status?: BuildStatus; limit?: number } = {}): BuildRecord[] {
    const limit = options.limit ?? 1000;
    const rows = (options.status ? this.statements.listByStatus.all(options.status, limit) : this.statements.list.all(limit)) as Row[];
    return rows.map(toRecord);
  }

  update(id: string, changes: BuildUpdate): BuildRecord {
    const columns: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      if (key === 'commit') columns.commit_sha = value;
      else if (key === 'images' || key === 'detected') columns[key] = value === null ? null : JSON.stringify(value);
      else columns[key] = value;
    }
    const keys = Object.keys(columns);
    if (keys.length > 0) {
      this.db.prepare(`UPDATE builds SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...columns, id });
    }
    return this.require(id);
  }

  /** Appends lines to a build's log in one transaction. */
  appendLogs(id: string, lines: readonly string[]): void {
    if (lines.length === 0) return;
    this.appendMany(id, lines);
  }

  /** Lines stored per chunk at most, so reading one page never decodes a huge row. */
  private static readonly CHUNK_LINES = 1000;

  private readonly appendMany = (id: string, lines: readonly string[]) => {
    this.db.transaction(() => {
      let next = this.statements.nextLine.get(id) as number;
      for (let i = 0; i < lines.length; i += BuildStore.CHUNK_LINES) {
        const chunk = lines.slice(i, i + BuildStore.CHUNK_LINES);
        this.statements.appendChunk.run(id, next, chunk.length, JSON.stringify(chunk));
        next += chunk.length;
      }
    })();
  };

  /** Log lines after position `afterSeq` (a line number; 0 = from the start), at most `limit` of them. */
  readLogPage(id: string, afterSeq = 0, limit = 1000): StoredLogLine[] {
    const page: StoredLogLine[] = [];
    const after = Math.max(0, Math.floor(afterSeq));
    for (const row of this.statements.readChunks.iterate({ id, after }) as IterableIterator<ChunkRow>) {
      const lines = JSON.parse(row.lines) as string[];
      for (let i = Math.max(0, after - row.first_line + 1); i < lines.length; i++) {
        if (page.length >= limit) return page;
        page.push({ seq: row.first_line + i, line: lines[i]! });
      }
    }
    return page;
  }

  /** The last stored line of a build's log. */
  private lastLine(id: string): string | undefined {
    const chunk = this.statements.lastChunk.get(id) as string | undefined;
    return chunk === undefined ? undefined : (JSON.parse(chunk) as string[]).at(-1);
  }

  /**
   * Moves logs stored one row per line (the layout before chunks) into chunks, once, and drops
   * the old table. Line numbers restart at 1 per build, as in the chunked layout.
   */
  private migrateLineRows(): void {
    const old = this.db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'build_logs'").pluck().get() as number;
    if (old === 0) return;
    const builds = this.db.prepare('SELECT DISTINCT build_id FROM build_logs').pluck().all() as string[];
    const read = this.db.prepare('SELECT line FROM build_logs WHERE build_id = ? ORDER BY seq').pluck();
    this.db.transaction(() => {
      for (const id of builds) {
        let batch: string[] = [];
        for (const line of read.iterate(id) as IterableIterator<string>) {
          batch.push(line);
          if (batch.length === BuildStore.CHUNK_LINES) {
            this.appendMany(id, batch);
            batch = [];
          }
        }
        this.appendMany(id, batch);
      }
      this.db.exec('DROP TABLE build_logs');
    })();
  }

  /** Every stored line of a build's log, read page by page. */
  *iterateLog(id: string): Generator<string> {
    let after = 0;
    for (;;) {
      const page = this.readLogPage(id, after, 1000);
      if (page.length === 0) return;
      for (const row of page) yield row.line;
      after = page[page.length - 1]!.seq;
    }
  }

  /** Marks builds left queued or running by a dead process as failed. Returns their ids. */
  failInterrupted(message: string, now = new Date()): string[] {
    const ids = (this.statements.interrupted.all() as { id: string }[]).map((r) => r.id);
    for (const id of ids) {
      this.update(id, { status: 'failed', error: message, finished_at: now.toISOString() });
      // A log cut at its budget keeps its truncation line last.
      if (!isTruncationLine(this.lastLine(id))) this.appendLogs(id, [message]);
    }
    return ids;
  }

  /**
   * Deletes finished builds (records and logs) past the newest `maxCount` or that ended before
   * `olderThan`, and gives the freed pages back to the file system. Queued and running builds
   * are never touched. Returns how many builds were deleted.
   */
  prune(options: PruneOptions): number {
    const deleted = this.statements.prune.run({ cutoff: options.olderThan.toISOString(), keep: Math.max(0, Math.floor(options.maxCount)) }).changes;
    if (deleted > 0) this.db.pragma('incremental_vacuum');
    return deleted;
  }

  /** The mean duration of the last `limit` builds that ran, in milliseconds; undefined when none has. */
  averageDurationMs(limit = 20): number | undefined {
    const value = this.statements.averageDuration.get(limit) as number | null;
    return value ?? undefined;
  }

  close(): void {
    this.db.close();
  }
}
