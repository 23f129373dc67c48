import { afterAll, describe, expect, it } from 'vitest';
import { Labels } from '../../labels.js';
import { rejectsWithCode, type ConformanceContext } from './context.js';
import { trackStorage } from './storage-support.js';

/** Registers the cases for managed named volumes: lifecycle, labels, data kept across containers, prune. */
export function describeVolumeCases(ctx: ConformanceContext): void {
  describe('volumes', () => {
    const storage = trackStorage(ctx);
    afterAll(() => storage.cleanup());

    it('creates, lists, inspects and removes a managed volume', async () => {
      const v = await storage.volume('vol');
      expect(v.labels[Labels.managed]).toBe('true');
      expect(v.labels[Labels.test]).toBe(ctx.runId);
      expect(v.driver).toMatch(/\S/);
      expect(await ctx.manager.inspectVolume(v.name)).toEqual(v);
      expect((await ctx.manager.listVolumes()).map((x) => x.name)).toContain(v.name);
      await rejectsWithCode(ctx.manager.createVolume({ name: v.name, labels: ctx.runLabels }), 'conflict');
      await ctx.manager.removeVolume(v.name);
      await rejectsWithCode(ctx.manager.inspectVolume(v.name), 'not_found');
      await rejectsWithCode(ctx.manager.removeVolume(v.name), 'not_found');
      expect((await ctx.manager.listVolumes()).map((x) => x.name)).not.toContain(v.name);
    });

    it('refuses bad names and reserved labels before the engine sees them', async () => {
      await rejectsWithCode(ctx.manager.createVolume({ name: '-bad' }), 'validation_failed');
      await rejectsWithCode(ctx.manager.createVolume({ name: ctx.nameFor('x'), labels: { [Labels.managed]: 'false' } }), 'validation_failed');
      await rejectsWithCode(ctx.manager.inspectVolume(ctx.missing), 'not_found');
    });

    it(
      'keeps data across containers, and refuses removal while a container uses it',
      async () => {
        const v = await storage.volume('data');
        const mount = { type: 'volume' as const, source: v.name, target: '/data' };
        const wrote = await storage.run('writer', { command: ['sh', '-c', `echo ${ctx.runId} > /data/marker`], mounts: [mount] });
        expect(wrote.exitCode).toBe(0);
        const read = await storage.run('reader', { command: ['cat', '/data/marker'], mounts: [{ ...mount, read_only: true }] });
        expect(read).toEqual({ exitCode: 0, output: ctx.runId });
        const readOnly = await storage.run('ro', { command: ['sh', '-c', 'echo x > /data/other'], mounts: [{ ...mount, read_only: true }] });
        expect(readOnly.exitCode).not.toBe(0);
        await rejectsWithCode(ctx.manager.removeVolume(v.name), 'conflict');
      },
      ctx.caseTimeout,
    );

    it('prunes only unused volumes of its own, with a dry run first', async () => {
      const unused = await storage.volume('unused');
      const used = await storage.volume('used');
      await storage.container('user', { mounts: [{ type: 'volume', source: used.name, target: '/data' }] });
      const dry = await ctx.manager.pruneVolumes({ dryRun: true });
      expect(dry.dry_run).toBe(true);
      expect(dry.removed).toContain(unused.name);
      expect(dry.removed).not.toContain(used.name);
      await expect(ctx.manager.inspectVolume(unused.name)).resolves.toMatchObject({ name: unused.name });
      const done = await ctx.manager.pruneVolumes();
      expect(done.dry_run).toBe(false);
      expect(done.removed).toContain(unused.name);
      expect(done.removed).not.toContain(used.name);
      await rejectsWithCode(ctx.manager.inspectVolume(unused.name), 'not_found');
      await expect(ctx.manager.inspectVolume(used.name)).resolves.toMatchObject({ name: used.name });
    });
  });
}
