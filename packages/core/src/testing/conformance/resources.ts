import { describe, expect, it } from 'vitest';
import { type ConformanceContext, rejectsWithCode } from './context.js';

/** Registers the cases for `resources` on create and the limits inspect reports back. */
export function describeResourceCases(ctx: ConformanceContext): void {
  describe('resources', () => {
    it('applies memory, swap, CPU and pids limits and reports them, or reports none where the engine cannot', async () => {
      const details = await ctx.create('limits', { resources: { memory_mb: 64, memory_swap_mb: 128, cpus: 0.5, pids_limit: 64 } });
      const asked = { memory_mb: 64, memory_swap_mb: 128, cpus: 0.5, pids_limit: 64 };
      if (details.resources.memory_mb === null) {
        // Rootless Podman without cgroup controllers (cgroup v1) creates the container without limits.
        const info = await ctx.manager.info();
        expect(info.rootless).toBe(true);
        expect(details.resources).toEqual({ memory_mb: null, memory_swap_mb: null, cpus: null, pids_limit: null });
      } else {
        expect(details.resources).toEqual(asked);
        expect((await ctx.manager.inspect(details.id)).resources).toEqual(asked);
      }
    });

    it('accepts unlimited swap, and reports no limits on a container created without them', async () => {
      const unlimited = await ctx.create('swapless', { resources: { memory_mb: 32, memory_swap_mb: -1 } });
      if (unlimited.resources.memory_mb !== null) expect(unlimited.resources).toMatchObject({ memory_mb: 32 });
      const plain = await ctx.create('nolimits');
      expect(plain.resources).toMatchObject({ memory_mb: null, cpus: null });
    });

    it('refuses limits that cannot hold, naming the field', async () => {
      await rejectsWithCode(ctx.manager.create({ image: ctx.busybox, name: ctx.nameFor('badswap'), labels: ctx.runLabels, resources: { memory_mb: 64, memory_swap_mb: 32 } }), 'validation_failed');
      await rejectsWithCode(ctx.manager.create({ image: ctx.busybox, name: ctx.nameFor('badcpu'), labels: ctx.runLabels, resources: { cpus: 0 } }), 'validation_failed');
    });
  });
}
