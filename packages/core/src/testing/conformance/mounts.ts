import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rejectsWithCode, type ConformanceContext } from './context.js';
import { trackStorage } from './storage-support.js';

/** Registers the cases for `mounts` on create: tmpfs, bind mounts under the allowed roots, refusals. */
export function describeMountCases(ctx: ConformanceContext, bindRoot: string | undefined): void {
  describe('mounts', () => {
    const storage = trackStorage(ctx);
    afterAll(() => storage.cleanup());

    it('mounts a tmpfs of the size asked for, and reports it', async () => {
      const run = await storage.run('tmpfs', { command: ['sh', '-c', 'grep " /scratch tmpfs " /proc/mounts'], mounts: [{ type: 'tmpfs', target: '/scratch', size_mb: 4 }] });
      expect(run.exitCode).toBe(0);
      expect(run.output).toMatch(/size=4096k/);
      const c = await storage.container('tmpfs-inspect', { mounts: [{ type: 'tmpfs', target: '/scratch', size_mb: 4 }] });
      expect(c.mounts).toEqual([{ type: 'tmpfs', target: '/scratch', size_mb: 4 }]);
    });

    it('refuses volumes it does not manage, duplicate targets and bad paths, naming the field', async () => {
      await rejectsWithCode(ctx.create('novol', { mounts: [{ type: 'volume', source: ctx.missing, target: '/data' }] }), 'not_found');
      await rejectsWithCode(ctx.create('dup', { mounts: [{ type: 'tmpfs', target: '/a' }, { type: 'tmpfs', target: '/a' }] }), 'validation_failed');
      await rejectsWithCode(ctx.create('root', { mounts: [{ type: 'tmpfs', target: '/' }] }), 'validation_failed');
      await rejectsWithCode(ctx.create('climb', { mounts: [{ type: 'bind', source: '/tmp/../etc', target: '/a' }] }), 'validation_failed');
      await rejectsWithCode(ctx.create('etc', { mounts: [{ type: 'bind', source: '/etc', target: '/a' }] }), 'validation_failed');
    });

    if (bindRoot === undefined) {
      it('refuses every bind mount when the manager allows no bind roots', async () => {
        await rejectsWithCode(ctx.create('bind', { mounts: [{ type: 'bind', source: '/tmp', target: '/a' }] }), 'validation_failed');
      });
      return;
    }
    const root = bindRoot;

    it(
      'bind-mounts a directory under an allowed root, read-only when asked',
      async () => {
        const dir = mkdtempSync(join(root, `mctest-${ctx.runId}-`));
        chmodSync(dir, 0o755);
        writeFileSync(join(dir, 'file'), ctx.runId, { mode: 0o644 });
        const mount = { type: 'bind' as const, source: dir, target: '/host', read_only: true };
        const read = await storage.run('bind', { command: ['sh', '-c', 'cat /host/file; echo x > /host/other'], mounts: [mount] });
        expect(read.output).toContain(ctx.runId);
        expect(read.exitCode).not.toBe(0);
        const c = await storage.container('bind-inspect', { mounts: [mount] });
        expect(c.mounts).toEqual([mount]);
      },
      ctx.caseTimeout,
    );

    it('refuses a bind source outside the roots, or a link under a root pointing out', async () => {
      const dir = mkdtempSync(join(root, `mctest-${ctx.runId}-`));
      mkdirSync(join(dir, 'inside'));
      symlinkSync('/etc', join(dir, 'escape'));
      await rejectsWithCode(ctx.create('escape', { mounts: [{ type: 'bind', source: join(dir, 'escape'), target: '/a' }] }), 'validation_failed');
      await rejectsWithCode(ctx.create('missing', { mounts: [{ type: 'bind', source: join(dir, 'nope'), target: '/a' }] }), 'validation_failed');
    });
  });
}
