import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import Type, { type Static } from 'typebox';

/** One audit entry, as `GET /api/v1/audit` answers it. */
export const AuditEntry = Type.Object(
  {
    id: Type.Integer({ description: 'increasing; pass as `before` to page back' }),
    time: Type.String({ description: 'when the request arrived (RFC 3339)' }),
    request_id: Type.String({ description: 'the X-Request-Id of the answer, also in the request log' }),
    token: Type.String({ description: 'the token name, or `anonymous`' }),
    method: Type.String(),
    route: Type.String({ description: 'the route pattern (`/api/v1/containers/:id/stop`), `*` when no route matched; never the raw URL' }),
    target: Type.Union([Type.String(), Type.Null()], { description: 'the container id or name, or build id, from the path' }),
    status: Type.Integer({ description: 'the HTTP status answered' }),
    error: Type.Union([Type.String(), Type.Null()], { description: 'the error code, when the answer was an error' }),
  },
  { $id: 'AuditEntry' },
);
/** One audit entry. */
export type AuditEntry = Static<typeof AuditEntry>;

/** A page of the audit trail, newest first. */
export const AuditPage = Type.Object(
  {
    entries: Type.Array(AuditEntry),
    next_before: Type.Union([Type.Integer(), Type.Null()], { description: 'pass as `before` for the next (older) page; null at the end' }),
  },
  { $id: 'AuditPage' },
);
export type AuditPage = Static<typeof AuditPage>;

/** What {@link AuditStore.record} takes: an entry without its id. */
export type AuditRecord = Omit<AuditEntry, 'id'>;

/** Which entries a page holds. `outcome`: a status (`403`), a class (`4xx`), `success` (< 400), `failure` (>= 400) or `refused` (401, 403, 421, 429). */
export interface AuditQuery {
  limit?: number;
  before?: number;
  token?: string;
  outcome?: string;
}

/** Statuses that mean the server refused the request (authentication, scope, origin, host, bounds). */
export const REFUSED_STATUSES = [401, 403, 421, 429] as const;

/** Options of {@link openAuditStore}. */
export interface AuditStoreOptions {
  /** The database file, or `:memory:`. */
  file: string;
  /** Entries older than this are deleted, at open and every hour. Default 90. */
  retentionDays?: number;
  /** Clock, for tests. */
  now?: () => Date;
}

/** The audit trail's storage. */
export interface AuditStore {
  record(entry: AuditRecord): void;
  list(query?: AuditQuery): AuditPage;
  /** Deletes entries past the retention; returns how many. */
  prune(): number;
  close(): void;
}

const PRUNE_INTERVAL_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/** The audit database in a data directory: `<dataDir>/audit.db`, beside the build records. */
export function auditFileIn(dataDir: string): string {
  return path.join(dataDir, 'audit.db');
}

function outcomeClause(outcome: string): { sql: string; params: number[] } {
  if (/^[1-5][0-9]{2}$/.test(outcome)) return { sql: 'status = ?', params: [Number(outcome)] };
  if (/^[1-5]xx$/.test(outcome)) {
    const low = Number(outcome[0]) * 100;
    return { sql: 'status >= ? AND status < ?', params: [low, low + 100] };
  }
  if (outcome === 'success') return { sql: 'status < 400', params: [] };
  if (outcome === 'failure') return { sql: 'status >= 400', params: [] };
  if (outcome === 'refused') return { sql: `status IN (${REFUSED_STATUSES.join(', ')})`, params: [] };
  throw new TypeError(`outcome "${outcome}" is not a status, a class (4xx), success, failure or refused`);
}

/**
 * Opens (creating when needed, mode 0600 in a 0700 folder) the SQLite audit trail and prunes
 * entries older than the retention, then again every hour. Writes are synchronous and small.
 *
 * @example
 * const audit = openAuditStore({ file: auditFileIn(config.server.data_dir), retentionDays: config.server.audit_retention_days });
 * const app = createApp({ manager, config, audit });
 */
export function openAuditStore(options: AuditStoreOptions): AuditStore {
  const now = options.now ?? (() => new Date());
  const retentionMs = (options.retentionDays ?? 90) * DAY_MS;
  const memory = options.file === ':memory:';
  if (!memory) mkdirSync(path.dirname(options.file), { recursive: true, mode: 0o700 });
  const db = new Database(options.file);
  if (!memory) {
    chmodSync(options.file, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      time_ms INTEGER NOT NULL,
      request_id TEXT NOT NULL,
      token TEXT NOT NULL,
      method TEXT NOT NULL,
      route TEXT NOT NULL,
      target TEXT,
      status INTEGER NOT NULL,
      error TEXT
    );
    CREATE INDEX IF NOT EXISTS audit_time ON audit (time_ms);
    CREATE INDEX IF NOT EXISTS audit_token ON audit (token, id);
  `);
  const insert = db.prepare(
    'INSERT INTO audit (time_ms, request_id, token, method, route, target, status, error) VALUES (@time_ms, @request_id, @token, @method, @route, @target, @status, @error)',
  );
  const deleteOld = db.prepare('DELETE FROM audit WHERE time_ms < ?');

  const prune = () => deleteOld.run(now().getTime() - retentionMs).changes;
  prune();
  const timer = setInterval(prune, PRUNE_INTERVAL_MS);
  timer.unref();

  return {
    record(entry) {
      const { time, ...rest } = entry;
      insert.run({ ...rest, time_ms: Date.parse(time) });
    },
    list(query = {}) {
      const limit = query.limit ?? 100;
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (query.before !== undefined) {
        where.push('id < ?');
        params.push(query.before);
      }
      if (query.token !== undefined) {
        where.push('token = ?');
        params.push(query.token);
      }
      if (query.outcome !== undefined) {
        const clause = outcomeClause(query.outcome);
        where.push(clause.sql);
        params.push(...clause.params);
      }
      const sql = `SELECT * FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      const rows = db.prepare(sql).all(...params, limit + 1) as (Omit<AuditEntry, 'time'> & { time_ms: number })[];
      const entries = rows.slice(0, limit).map(({ time_ms, ...row }) => ({ ...row, time: new Date(time_ms).toISOString() }));
      const last = entries.at(-1);
      return { entries, next_before: rows.length > limit && last ? last.id : null };
    },
    prune,
    close() {
      clearInterval(timer);
      if (db.open) db.close();
    },
  };
}
