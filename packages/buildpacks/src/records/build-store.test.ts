import { rm, stat } from 'node:fs/promises';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '@mikrocloud/core';
import { LogSink } from '../service/log-sink.js';
import { tempDir } from '../testing/support.js';
import { BuildStore } from './build-store.js';
import { truncationLine } from './log-budget.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('store');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const record = (id: string) => ({ id, status: 'queued' as const, buildpack_type: 'dockerfile', git_repo: 'https://x/y', git_branch: null, image_tag: 'a:1', created_at: new Date().toISOString() });

describe('BuildStore', () => {
  it('creates the database in WAL mode, stores records, and keeps them across reopen', () => {
    const file = path.join(dir, 'nested', 'mikrocloud.db');
    const store = new BuildStore(file);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.create(record('one'));
    store.create(record('two'));
    expect(() => store.create(record('one'))).toThrow(ConflictError);
    store.update('one', { status: 'succeeded', images: [{ tag: 'a:1', image_id: 'sha256:x' }], commit: 'c' });
    store.appendLogs('one', ['l1', 'l2']);
    store.close();
    const again = new BuildStore(file);
    expect(again.list().map((r) => r.id)).toEqual(['two', 'one']);
    expect(again.list({ status: 'succeeded' }).map((r) => r.id)).toEqual(['one']);
    expect(again.get('one')).toMatchObject({ status: 'succeeded', commit: 'c', images: [{ tag: 'a:1', image_id: 'sha256:x' }] });
    expect([...again.iterateLog('one')]).toEqual(['l1', 'l2']);
    expect(again.failInterrupted('interrupted by a server restart')).toEqual(['two']);
    expect(() => again.require('zzz')).toThrow(NotFoundError);
    again.close();
  });

  it('keeps memory flat while a build prints 100 MB of output', () => {
    const store = new BuildStore(path.join(dir, 'bench.db'));
    store.create(record('chatty'));
    let flushes = 0;
    // A budget above the output: this measures the sink's buffering, not the cut.
    const sink = new LogSink(store, 'chatty', () => flushes++, { maxLogBytes: 200 * 1024 * 1024 });
    const line = `${'x'.repeat(99)}`;
    const total = 100 * 1024 * 1024;
    const lines = total / 100;
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    for (let i = 0; i < lines; i++) {
      sink.write(line);
      if (i % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    sink.flush();
    // Far below the 100 MB written: only a batch is ever held.
    expect(peak - before).toBeLessThan(25 * 1024 * 1024);
    expect(flushes).toBeGreaterThan(1000);
    let count = 0;
    for (const _ of store.iterateLog('chatty')) count++;
    expect(count).toBe(lines);
    store.close();
  }, 300_000);

  it('stores a log in chunks, not a row per line, and pages through them by line number', () => {
    const store = new BuildStore(':memory:');
    store.create(record('paged'));
    store.appendLogs('paged', Array.from({ length: 2500 }, (_, i) => `line ${i + 1}`));
    store.appendLogs('paged', ['single']);
    store.appendLogs('paged', ['with\nnewline and "quotes"', '']);
    expect(store.db.prepare('SELECT COUNT(*) FROM build_log_chunks').pluck().get()).toBe(5); // 1000 + 1000 + 500, 1, 2
    expect(store.readLogPage('paged', 0, 3)).toEqual([
      { seq: 1, line: 'line 1' },
      { seq: 2, line: 'line 2' },
      { seq: 3, line: 'line 3' },
    ]);
    // Across a chunk boundary, resuming after any position.
    expect(store.readLogPage('paged', 998, 4).map((l) => l.seq)).toEqual([999, 1000, 1001, 1002]);
    expect(store.readLogPage('paged', 2499, 10)).toEqual([
      { seq: 2500, line: 'line 2500' },
      { seq: 2501, line: 'single' },
      { seq: 2502, line: 'with\nnewline and "quotes"' },
      { seq: 2503, line: '' },
    ]);
    expect(store.readLogPage('paged', 2503)).toEqual([]);
    expect(store.readLogPage('paged', 0, 5000)).toHaveLength(2503);
    expect([...store.iterateLog('paged')]).toHaveLength(2503);
    store.close();
  });

  it('moves logs stored a row per line into chunks when it opens an older database', () => {
    const file = path.join(dir, 'line-rows.db');
    const legacy = new Database(file);
    legacy.exec("CREATE TABLE builds (id TEXT PRIMARY KEY, status TEXT NOT NULL, buildpack_type TEXT NOT NULL, git_repo TEXT NOT NULL, git_branch TEXT, image_tag TEXT NOT NULL, commit_sha TEXT, image_id TEXT, images TEXT NOT NULL DEFAULT '[]', error TEXT, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, duration_ms INTEGER, created_seq INTEGER NOT NULL)");
    legacy.exec('CREATE TABLE build_logs (seq INTEGER PRIMARY KEY AUTOINCREMENT, build_id TEXT NOT NULL REFERENCES builds(id) ON DELETE CASCADE, line TEXT NOT NULL)');
    for (const [id, seq] of [['a', 1], ['b', 2]] as const) {
      legacy.prepare("INSERT INTO builds (id, status, buildpack_type, git_repo, image_tag, created_at, created_seq) VALUES (?, 'succeeded', 'dockerfile', 'https://x/y', 'a:1', '2026-01-01T00:00:00.000Z', ?)").run(id, seq);
    }
    const insert = legacy.prepare('INSERT INTO build_logs (build_id, line) VALUES (?, ?)');
    for (let i = 0; i < 1500; i++) insert.run(i % 2 === 0 ? 'a' : 'b', `${i % 2 === 0 ? 'a' : 'b'} ${i}`);
    legacy.close();
    const store = new BuildStore(file);
    expect([...store.iterateLog('a')]).toEqual(Array.from({ length: 750 }, (_, i) => `a ${i * 2}`));
    expect(store.readLogPage('b', 749)).toEqual([{ seq: 750, line: 'b 1499' }]);
    expect(store.db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'build_logs'").pluck().get()).toBe(0);
    store.close();
  });

  it('adds the detected column to an older database and keeps what a build detected as JSON', () => {
    const file = path.join(dir, 'before-detected.db');
    const legacy = new Database(file);
    legacy.exec("CREATE TABLE builds (id TEXT PRIMARY KEY, status TEXT NOT NULL, buildpack_type TEXT NOT NULL, git_repo TEXT NOT NULL, git_branch TEXT, image_tag TEXT NOT NULL, commit_sha TEXT, image_id TEXT, images TEXT NOT NULL DEFAULT '[]', error TEXT, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, duration_ms INTEGER, created_seq INTEGER NOT NULL, first_output_ms INTEGER)");
    legacy.prepare("INSERT INTO builds (id, status, buildpack_type, git_repo, image_tag, created_at, created_seq) VALUES ('old', 'succeeded', 'auto', 'https://x/y', 'a:1', '2026-01-01T00:00:00.000Z', 1)").run();
    legacy.close();
    const store = new BuildStore(file);
    expect(store.require('old').detected).toBeNull();
    store.create({ ...record('new'), buildpack_type: 'auto' });
    expect(store.require('new').detected).toBeNull();
    const detected = { buildpack_type: 'nixpacks', reason: 'no Dockerfile', provider: 'node' };
    expect(store.update('new', { detected }).detected).toEqual(detected);
    store.close();
    const again = new BuildStore(file);
    expect(again.require('new').detected).toEqual(detected);
    again.close();
  });

  it('splits very long lines into bounded rows', () => {
    const store = new BuildStore(':memory:');
    store.create(record('long'));
    const sink = new LogSink(store, 'long', () => {});
    sink.write('y'.repeat(40_000));
    sink.write('a\nb');
    sink.flush();
    expect([...store.iterateLog('long')].map((l) => l.length)).toEqual([16384, 16384, 7232, 1, 1]);
    store.close();
  });

  it('stops storing at maxLogBytes and ends the log with one truncation line', () => {
    const store = new BuildStore(':memory:');
    store.create(record('cut'));
    let flushes = 0;
    const sink = new LogSink(store, 'cut', () => flushes++, { maxLogBytes: 1000 });
    for (let i = 0; i < 100; i++) sink.write(`line ${String(i).padStart(4, '0')} ${'z'.repeat(40)}`); // 51 bytes each with its newline
    expect(sink.truncated).toBe(true);
    sink.write('Build succeeded: a:1');
    sink.flush();
    const lines = [...store.iterateLog('cut')];
    expect(lines).toHaveLength(20);
    expect(lines.at(-1)).toBe(truncationLine(19 * 51));
    expect(lines.filter((l) => l.startsWith('[mikrocloud]'))).toHaveLength(1);
    // The truncation reached live readers at once, not after the batch delay.
    expect(flushes).toBeGreaterThan(0);
    // A restart after a cut log keeps the truncation line last.
    expect(store.failInterrupted('interrupted by a server restart')).toEqual(['cut']);
    expect([...store.iterateLog('cut')].at(-1)).toBe(truncationLine(19 * 51));
    store.close();
  });

  it('prunes finished builds by count and age, never queued or running ones, and reclaims the space', async () => {
    const file = path.join(dir, 'prune.db');
    const store = new BuildStore(file);
    expect(store.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    const day = 24 * 3600_000;
    const now = Date.now();
    const finish = (id: string, status: 'succeeded' | 'failed' | 'running' | 'queued', daysAgo: number) => {
      store.create({ ...record(id), created_at: new Date(now - daysAgo * day).toISOString() });
      if (status !== 'queued') store.update(id, { status, ...(status === 'running' ? {} : { finished_at: new Date(now - daysAgo * day).toISOString() }) });
      store.appendLogs(id, Array.from({ length: 2000 }, (_, i) => `${id} ${i} ${'p'.repeat(200)}`));
    };
    finish('ancient-running', 'running', 90);
    finish('ancient-queued', 'queued', 90);
    finish('old', 'failed', 40);
    for (let i = 1; i <= 5; i++) finish(`recent-${i}`, 'succeeded', 5 - i);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = (await stat(file)).size;
    const deleted = store.prune({ maxCount: 3, olderThan: new Date(now - 30 * day) });
    expect(deleted).toBe(3); // old (by age), recent-1 and recent-2 (by count)
    expect(store.list().map((r) => r.id).sort()).toEqual(['ancient-queued', 'ancient-running', 'recent-3', 'recent-4', 'recent-5']);
    expect([...store.iterateLog('old')]).toEqual([]);
    expect(store.db.prepare("SELECT COUNT(*) FROM build_log_chunks WHERE build_id IN ('old', 'recent-1', 'recent-2')").pluck().get()).toBe(0);
    expect(store.db.pragma('freelist_count', { simple: true })).toBe(0);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect((await stat(file)).size).toBeLessThan(before * 0.75);
    expect(store.prune({ maxCount: 3, olderThan: new Date(now - 30 * day) })).toBe(0);
    expect(store.averageDurationMs()).toBeUndefined();
    store.update('recent-5', { duration_ms: 4000 });
    store.update('recent-4', { duration_ms: 2000 });
    expect(store.averageDurationMs()).toBe(3000);
    store.close();
  });

  it('turns incremental vacuum on for a database created without it', () => {
    const file = path.join(dir, 'legacy.db');
    const legacy = new Database(file);
    legacy.pragma('journal_mode = WAL');
    legacy.exec("CREATE TABLE builds (id TEXT PRIMARY KEY, status TEXT NOT NULL, buildpack_type TEXT NOT NULL, git_repo TEXT NOT NULL, git_branch TEXT, image_tag TEXT NOT NULL, commit_sha TEXT, image_id TEXT, images TEXT NOT NULL DEFAULT '[]', error TEXT, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, duration_ms INTEGER, created_seq INTEGER NOT NULL)");
    legacy.exec("INSERT INTO builds (id, status, buildpack_type, git_repo, image_tag, created_at, created_seq) VALUES ('kept', 'succeeded', 'dockerfile', 'https://x/y', 'a:1', '2026-01-01T00:00:00.000Z', 1)");
    expect(legacy.pragma('auto_vacuum', { simple: true })).toBe(0);
    legacy.close();
    const store = new BuildStore(file);
    expect(store.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.get('kept')?.status).toBe('succeeded');
    store.close();
  });
});
