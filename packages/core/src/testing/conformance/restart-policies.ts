import { describe, expect, it } from 'vitest';
import { pollUntil, sleep } from '../poll.js';
import type { ConformanceContext } from './context.js';

/** Registers the cases for restart policies, stored and in effect. */
export function describeRestartPolicyCases(ctx: ConformanceContext): void {
  const { create, runToEnd, deadline, caseTimeout } = ctx;
  describe('restart policies', () => {
    it('stores each policy and reports it in inspect', async () => {
      const none = await create('rp-default');
      expect(none.restart_policy).toBe('no');
      for (const policy of ['no', 'always', 'unless-stopped', 'on-failure', 'on-failure:2'] as const) {
        const c = await create(`rp-${policy.replace(':', '-')}`, { restart_policy: policy });
        expect(c.restart_policy).toBe(policy);
        expect((await ctx.manager.inspect(c.id)).restart_policy).toBe(policy);
      }
    });

    it(
      'restarts an on-failure:2 container that fails exactly twice',
      async () => {
        const c = await create('onfail', { restart_policy: 'on-failure:2', command: ['sh', '-c', 'exit 1'] });
        await ctx.manager.start(c.id);
        const settled = await pollUntil(
          'two restarts, then exited',
          () => ctx.manager.inspect(c.id),
          (d) => d.restart_count >= 2 && d.state === 'exited',
          deadline,
        );
        expect(settled.restart_count).toBe(2);
        expect(settled.exit_code).toBe(1);
        // Watch a while longer: a third restart would show up here.
        for (let i = 0; i < 6; i++) {
          await sleep(500);
          const d = await ctx.manager.inspect(c.id);
          expect(d.restart_count).toBe(2);
          expect(d.state).toBe('exited');
        }
      },
      caseTimeout,
    );

    it(
      'restarts an always container after its process exits',
      async () => {
        const c = await create('always', { restart_policy: 'always', command: ['sh', '-c', 'sleep 1; exit 0'] });
        await ctx.manager.start(c.id);
        const seen = await pollUntil('a restart', () => ctx.manager.inspect(c.id), (d) => d.restart_count >= 1, deadline);
        expect(seen.restart_count).toBeGreaterThanOrEqual(1);
        // An explicit stop wins over the policy.
        const stopped = await ctx.manager.stop(c.id, { timeoutSeconds: 1 });
        expect(stopped.state).toBe('exited');
      },
      caseTimeout,
    );

    it('does not restart a container whose policy is no', async () => {
      const { details, exitCode } = await runToEnd('noreset', { restart_policy: 'no', command: ['sh', '-c', 'exit 1'] });
      expect(exitCode).toBe(1);
      const d = await ctx.manager.inspect(details.id);
      expect(d.state).toBe('exited');
      expect(d.restart_count).toBe(0);
    });
  });
}
