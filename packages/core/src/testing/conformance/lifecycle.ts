import { describe, expect, it } from 'vitest';
import { Labels } from '../../labels.js';
import { type ConformanceContext, rejectsWithCode, STATES, TEST_RUN_LABEL } from './context.js';

/**
 * Registers the cases for create, inspect, start, stop, restart and remove, idempotence, forced
 * removal, name conflicts and concurrent creation.
 */
export function describeLifecycleCases(ctx: ConformanceContext): void {
  const { create, runLabels, runId, busybox, caseTimeout } = ctx;
  describe('lifecycle', () => {
    it(
      'creates, inspects, starts, stops, restarts and removes, reporting core states',
      async () => {
        const created = await create('life', { environment: { MODE: 'test' } });
        expect(created.state).toBe('created');
        // Long enough that a 12-character prefix is meaningful, as the contract accepts prefixes.
        expect(created.id.length).toBeGreaterThan(12);
        expect(created.name).toMatch(/^mctest-/);
        expect(created.image).toBe(busybox);
        expect(created.image_id).toMatch(/\S/);
        expect(created.labels[Labels.managed]).toBe('true');
        expect(created.labels[TEST_RUN_LABEL]).toBe(runId);
        expect(created.command).toEqual(['sleep', '3600']);
        expect(created.tty).toBe(false);
        expect(Number.isNaN(Date.parse(created.created_at))).toBe(false);
        expect(created.started_at).toBeNull();

        const byName = await ctx.manager.inspect(created.name);
        const byPrefix = await ctx.manager.inspect(created.id.slice(0, 12));
        expect(byName.id).toBe(created.id);
        expect(byPrefix.id).toBe(created.id);

        const listed = await ctx.manager.list({ labels: runLabels });
        const entry = listed.find((c) => c.id === created.id);
        expect(entry).toBeDefined();
        expect(entry?.name).toBe(created.name);
        expect(entry?.image).toBe(busybox);
        expect(entry?.state).toBe('created');

        const started = await ctx.manager.start(created.id);
        expect(started.state).toBe('running');
        expect(started.started_at).not.toBeNull();

        // `sleep` as PID 1 ignores SIGTERM, so stop falls through to SIGKILL after the timeout.
        const stopped = await ctx.manager.stop(created.id, { timeoutSeconds: 1 });
        expect(stopped.state).toBe('exited');
        expect(stopped.exit_code).not.toBeNull();
        expect(stopped.finished_at).not.toBeNull();

        const restarted = await ctx.manager.restart(created.id, { timeoutSeconds: 1 });
        expect(restarted.state).toBe('running');
        const again = await ctx.manager.restart(created.id, { timeoutSeconds: 1 });
        expect(again.state).toBe('running');

        for (const c of await ctx.manager.list({ labels: runLabels })) expect(STATES).toContain(c.state);

        await ctx.manager.stop(created.id, { timeoutSeconds: 1 });
        await ctx.manager.remove(created.id);
        await rejectsWithCode(ctx.manager.inspect(created.id), 'not_found');
        expect((await ctx.manager.list({ all: true, labels: runLabels })).map((c) => c.id)).not.toContain(created.id);
      },
      caseTimeout,
    );

    it('starting a running container and stopping a stopped one are not errors', async () => {
      const c = await create('idem');
      await ctx.manager.start(c.id);
      expect((await ctx.manager.start(c.id)).state).toBe('running');
      await ctx.manager.stop(c.id, { timeoutSeconds: 1 });
      expect((await ctx.manager.stop(c.id, { timeoutSeconds: 1 })).state).toBe('exited');
    });

    it('refuses to remove a running container without force, and removes it with force', async () => {
      const c = await create('force');
      await ctx.manager.start(c.id);
      await rejectsWithCode(ctx.manager.remove(c.id), 'conflict');
      expect((await ctx.manager.inspect(c.id)).state).toBe('running');
      await ctx.manager.remove(c.id, { force: true });
      await rejectsWithCode(ctx.manager.inspect(c.id), 'not_found');
    });

    it('reports a taken name as a conflict', async () => {
      const c = await create('taken');
      await rejectsWithCode(
        ctx.manager.create({ image: busybox, name: c.name, command: ['true'], labels: runLabels }),
        'conflict',
      );
    });

    it(
      'creates 8 containers concurrently, all distinct',
      async () => {
        const made = await Promise.all(
          Array.from({ length: 8 }, (_, i) => create(`par${i}`, { labels: { 'mctest.group': 'parallel' } })),
        );
        expect(new Set(made.map((c) => c.id)).size).toBe(8);
        expect(new Set(made.map((c) => c.name)).size).toBe(8);
        const listed = await ctx.manager.list({ labels: { ...runLabels, 'mctest.group': 'parallel' } });
        expect(listed.map((c) => c.id).sort()).toEqual(made.map((c) => c.id).sort());
      },
      caseTimeout,
    );
  });
}
