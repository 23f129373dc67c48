import { describe, expect, it } from 'vitest';
import { Labels } from '../../labels.js';
import { type ConformanceContext, collect, text } from './context.js';

/**
 * Registers the cases for the environment a process sees, stored labels and list filters by label and
 * state.
 */
export function describeEnvironmentAndLabelCases(ctx: ConformanceContext): void {
  const { create, runToEnd, runLabels } = ctx;
  describe('environment and labels', () => {
    it('passes the environment to the process and reports it in inspect', async () => {
      const { details, exitCode } = await runToEnd('env', {
        environment: { FOO: 'bar baz', EMPTY: '', QUOTE: `it's "$HOME"` },
        command: ['sh', '-c', 'echo "FOO=$FOO"; echo "QUOTE=$QUOTE"; echo "EMPTY=[$EMPTY]"'],
      });
      expect(exitCode).toBe(0);
      const lines = text(await collect(ctx.manager.logs(details.id)), 'stdout');
      expect(lines).toEqual(['FOO=bar baz', `QUOTE=it's "$HOME"`, 'EMPTY=[]']);
      const inspected = await ctx.manager.inspect(details.id);
      expect(inspected.environment).toMatchObject({ FOO: 'bar baz', EMPTY: '', QUOTE: `it's "$HOME"` });
    });

    it('stores labels, marks containers managed, and filters list by label and state', async () => {
      const alpha = await create('alpha', { labels: { 'mctest.role': 'alpha', 'mctest.tier': 'x' } });
      const beta = await create('beta', { labels: { 'mctest.role': 'beta', 'mctest.tier': 'x' } });
      expect(alpha.labels).toMatchObject({ 'mctest.role': 'alpha', [Labels.managed]: 'true' });

      const onlyAlpha = await ctx.manager.list({ labels: { ...runLabels, 'mctest.role': 'alpha' } });
      expect(onlyAlpha.map((c) => c.id)).toEqual([alpha.id]);
      expect(onlyAlpha[0]?.labels).toMatchObject({ 'mctest.role': 'alpha', 'mctest.tier': 'x' });

      const tier = await ctx.manager.list({ labels: { ...runLabels, 'mctest.tier': 'x' } });
      expect(tier.map((c) => c.id).sort()).toEqual([alpha.id, beta.id].sort());

      const everything = await ctx.manager.list();
      expect(everything.length).toBeGreaterThan(0);
      for (const c of everything) expect(c.labels[Labels.managed]).toBe('true');
      const all = await ctx.manager.list({ all: true });
      expect(all.length).toBeGreaterThanOrEqual(everything.length);

      await ctx.manager.start(beta.id);
      const created = await ctx.manager.list({ labels: { ...runLabels, 'mctest.tier': 'x' }, states: ['created'] });
      expect(created.map((c) => c.id)).toEqual([alpha.id]);
      const running = await ctx.manager.list({ labels: { ...runLabels, 'mctest.tier': 'x' }, states: ['running'] });
      expect(running.map((c) => c.id)).toEqual([beta.id]);
      const either = await ctx.manager.list({
        labels: { ...runLabels, 'mctest.tier': 'x' },
        states: ['created', 'running'],
      });
      expect(either).toHaveLength(2);
    });
  });
}
