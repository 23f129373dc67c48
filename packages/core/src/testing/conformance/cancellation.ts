import { describe, expect, it } from 'vitest';
import { sleep, within } from '../poll.js';
import { type ConformanceContext, rejectsWithCode, collect } from './context.js';

/** Registers the cases for calls made with an aborted signal, and a pending wait aborted. */
export function describeCancellationCases(ctx: ConformanceContext): void {
  const { create, nameFor, runLabels, runId, busybox, deadline, caseTimeout, containers } = ctx;
  describe('cancellation', () => {
    it('rejects every call made with an aborted signal as cancelled', async () => {
      const c = await create('aborted');
      const signal = AbortSignal.abort();
      await rejectsWithCode(ctx.manager.ping({ signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.info({ signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.list({ signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.inspect(c.id, { signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.start(c.id, { signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.stop(c.id, { signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.restart(c.id, { signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.wait(c.id, { signal }), 'cancelled');
      await rejectsWithCode(collect(ctx.manager.logs(c.id, { signal })), 'cancelled');
      await rejectsWithCode(ctx.manager.remove(c.id, { signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.imageExists(busybox, { signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.inspectImage(busybox, { signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.removeImage(`mctest-${runId}-absent:never`, { signal }), 'cancelled');
      // Nothing happened: the container is still there, still created.
      expect((await ctx.manager.inspect(c.id)).state).toBe('created');

      const name = nameFor('aborted-create');
      containers.add(name);
      await rejectsWithCode(ctx.manager.create({ image: busybox, name, labels: runLabels }, { signal }), 'cancelled');
      await rejectsWithCode(ctx.manager.inspect(name), 'not_found');
    });

    it(
      'rejects a pending wait promptly when its signal is aborted, leaving the container running',
      async () => {
        const c = await create('abortwait');
        await ctx.manager.start(c.id);
        const controller = new AbortController();
        const waiting = ctx.manager.wait(c.id, { signal: controller.signal });
        await sleep(300);
        controller.abort();
        await within('an aborted wait', rejectsWithCode(waiting, 'cancelled'), deadline);
        expect((await ctx.manager.inspect(c.id)).state).toBe('running');
      },
      caseTimeout,
    );
  });
}
