import path from 'node:path';
import { rm, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerManager } from '@mikrocloud/core';
import { BuildStore } from '../records/build-store.js';
import { BuildService } from './build-service.js';
import { cleanUpEngine, createTestManager, makeRepo, runId, tempDir, testLabels } from '../testing/support.js';

let manager: ContainerManager;
let base: string;
let cleanupRepo: (() => Promise<void>) | undefined;

beforeAll(async () => {
  // Docker Engine's BuildKit clips a step's output past 200 KiB/s, so on Docker the legacy
  // builder delivers the whole 100 MB this test stores.
  manager = await createTestManager({ dockerBuilder: 'legacy' });
  base = await tempDir('volume');
});
afterAll(async () => {
  await cleanupRepo?.();
  await cleanUpEngine();
  await rm(base, { recursive: true, force: true });
});

describe('a build that prints 100 MB', () => {
  it('succeeds with its stored log cut at the default 16 MiB, while memory and database stay small', async () => {
    // 1,000,000 lines of 100 bytes; the run id keeps the engine's cache from skipping the step.
    const repo = await makeRepo({
      Dockerfile: `FROM busybox:latest\nRUN echo ${runId} && yes 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' | head -n 1000000\n`,
    });
    cleanupRepo = repo.cleanup;
    const dbFile = path.join(base, 'mikrocloud.db');
    const service = new BuildService({ manager, store: new BuildStore(dbFile), buildDir: path.join(base, 'builds'), allowedProtocols: ['file'], labels: testLabels });
    try {
      const record = await service.submit({ git_repo: repo.url, buildpack_type: 'dockerfile', image_tag: `${runId}-volume:test` });
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const final = await service.waitFor(record.id);
      clearInterval(sampler);
      expect(final.status).toBe('succeeded');
      let lines = 0;
      let last = '';
      for (const line of service.readLogs(record.id)) {
        if (line.startsWith('xxxx')) lines++;
        last = line;
      }
      // 16 MiB of 101-byte lines (less the build's own first lines), then the truncation line.
      expect(lines).toBeGreaterThan(160_000);
      expect(lines).toBeLessThan(170_000);
      expect(last).toMatch(/^\[mikrocloud\] log truncated after \d+ bytes$/);
      service.store.db.pragma('wal_checkpoint(TRUNCATE)');
      expect((await stat(dbFile)).size).toBeLessThan(40 * 1024 * 1024);
      // 100 MB went through; the process grew by a small fraction of it.
      expect(peak - before).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await service.close();
      service.store.close();
    }
  }, 600_000);
});
