import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '@mikrocloud/core';
import { LogSink } from '../service/log-sink.js';
import { tempDir } from '../testing/support.js';
import { BuildStore } from './build-store.js';

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
    const sink = new LogSink(store, 'chatty', () => flushes++);
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
    expect(peak - before).toBeLessThan(48 * 1024 * 1024);
    expect(flushes).toBeGreaterThan(1000);
    let count = 0;
    for (const _ of store.iterateLog('chatty')) count++;
    expect(count).toBe(lines);
    store.close();
  }, 300_000);

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
});
