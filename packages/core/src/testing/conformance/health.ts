import { describe, expect, it } from 'vitest';
import { within } from '../poll.js';
import { type ConformanceContext, rejectsWithCode } from './context.js';

/** Registers the cases for health checks (inspect and list) and waiting for a condition. */
export function describeHealthAndWaitCases(ctx: ConformanceContext): void {
  const { create, deadline, caseTimeout } = ctx;
  describe('health and wait conditions', () => {
    it('reports none without a health check', async () => {
      const c = await create('nohealth');
      expect(c.health).toEqual({ status: 'none' });
      const listed = await ctx.manager.list({ labels: ctx.runLabels });
      expect(listed.find((x) => x.id === c.id)?.health).toEqual({ status: 'none' });
      await ctx.manager.start(c.id);
      await rejectsWithCode(ctx.manager.wait(c.id, { condition: 'healthy', timeoutMs: deadline }), 'unprocessable');
    });

    it(
      'becomes healthy once the check passes, keeping its argv whole, and says so in inspect and list',
      async () => {
        const c = await create('healthy', {
          healthcheck: { test: ['sh', '-c', 'echo "ready  now"; test -e /tmp/ready'], interval_seconds: 1, timeout_seconds: 5, retries: 3 },
        });
        expect(c.health.status).toBe('starting');
        await ctx.manager.start(c.id);
        const session = await ctx.manager.exec(c.id, { command: ['touch', '/tmp/ready'] });
        expect(await session.exitCode).toBe(0);
        const result = await within('wait(healthy)', ctx.manager.wait(c.id, { condition: 'healthy', timeoutMs: deadline }), deadline + 5_000);
        expect(result).toMatchObject({ condition: 'healthy', health: { status: 'healthy', last_exit_code: 0, last_output: 'ready  now' } });
        expect((await ctx.manager.inspect(c.id)).health).toMatchObject({ status: 'healthy', failing_streak: 0 });
        const listed = await ctx.manager.list({ labels: ctx.runLabels });
        expect(listed.find((x) => x.id === c.id)?.health.status).toBe('healthy');
      },
      caseTimeout,
    );

    it(
      'rejects a wait for healthy when the container turns unhealthy',
      async () => {
        const c = await create('unhealthy', { healthcheck: { test: ['sh', '-c', 'echo down; exit 1'], interval_seconds: 1, retries: 1 } });
        await ctx.manager.start(c.id);
        await rejectsWithCode(ctx.manager.wait(c.id, { condition: 'healthy', timeoutMs: deadline }), 'conflict');
        expect((await ctx.manager.inspect(c.id)).health).toMatchObject({ status: 'unhealthy', last_output: 'down' });
        expect((await ctx.manager.inspect(c.id)).health.last_exit_code).not.toBe(0);
      },
      caseTimeout,
    );

    it(
      'rejects a wait for healthy when the container exits first',
      async () => {
        const c = await create('exits', { command: ['sh', '-c', 'sleep 1; exit 2'], healthcheck: { test: ['true'], interval_seconds: 60 } });
        await ctx.manager.start(c.id);
        await rejectsWithCode(ctx.manager.wait(c.id, { condition: 'healthy', timeoutMs: deadline }), 'conflict');
      },
      caseTimeout,
    );

    it(
      'waits for removal, and gives up at the deadline or on abort',
      async () => {
        const c = await create('waitremoved');
        await ctx.manager.start(c.id);
        await rejectsWithCode(ctx.manager.wait(c.id, { timeoutMs: 200 }), 'timed_out');
        await rejectsWithCode(ctx.manager.wait(c.id, { condition: 'removed', timeoutMs: 200 }), 'timed_out');
        const controller = new AbortController();
        const aborted = ctx.manager.wait(c.id, { condition: 'removed', signal: controller.signal });
        setTimeout(() => controller.abort(), 100);
        await rejectsWithCode(aborted, 'cancelled');
        const removed = ctx.manager.wait(c.id, { condition: 'removed', timeoutMs: deadline });
        await ctx.manager.remove(c.id, { force: true });
        expect(await within('wait(removed)', removed, deadline + 5_000)).toEqual({ condition: 'removed' });
        await rejectsWithCode(ctx.manager.wait(ctx.missing, { condition: 'removed' }), 'not_found');
      },
      caseTimeout,
    );

    it('refuses a bad health check or wait option, naming the field', async () => {
      await rejectsWithCode(
        ctx.manager.create({ image: ctx.busybox, name: ctx.nameFor('badhealth'), labels: ctx.runLabels, healthcheck: { test: [], interval_seconds: 0 } }),
        'validation_failed',
      );
      const c = await create('badwait');
      await rejectsWithCode(ctx.manager.wait(c.id, { condition: 'ready' as never }), 'validation_failed');
    });
  });
}
