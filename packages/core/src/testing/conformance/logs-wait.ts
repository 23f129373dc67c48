import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../schemas/container.js';
import { within } from '../poll.js';
import { type ConformanceContext, collect, text } from './context.js';

/**
 * Registers the cases for stdout and stderr apart, terminals, tail, timestamps, following, aborting,
 * and exit codes from wait.
 */
export function describeLogAndWaitCases(ctx: ConformanceContext): void {
  const { create, runToEnd, deadline, caseTimeout } = ctx;
  describe('logs and wait', () => {
    const script = 'echo out1; echo err1 >&2; echo out2; echo err2 >&2';

    it('keeps stdout and stderr apart without a terminal', async () => {
      const { details } = await runToEnd('logs', { command: ['sh', '-c', script] });
      const lines = await collect(ctx.manager.logs(details.id));
      expect(text(lines, 'stdout')).toEqual(['out1', 'out2']);
      expect(text(lines, 'stderr')).toEqual(['err1', 'err2']);
      expect(text(await collect(ctx.manager.logs(details.id, { stdout: false })), 'stdout')).toEqual([]);
      expect(text(await collect(ctx.manager.logs(details.id, { stderr: false })), 'stderr')).toEqual([]);
    });

    it('reports everything as stdout with a terminal', async () => {
      const { details } = await runToEnd('tty', { tty: true, command: ['sh', '-c', script] });
      expect(details.tty).toBe(true);
      const lines = await collect(ctx.manager.logs(details.id));
      expect(lines.map((l) => l.stream)).toEqual(['stdout', 'stdout', 'stdout', 'stdout']);
      expect(lines.map((l) => l.line)).toEqual(['out1', 'err1', 'out2', 'err2']);
    });

    it('returns only the last lines with tail, and timestamps when asked', async () => {
      const { details } = await runToEnd('tail', { command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done'] });
      expect((await collect(ctx.manager.logs(details.id, { tail: 2 }))).map((l) => l.line)).toEqual(['line4', 'line5']);
      const stamped = await collect(ctx.manager.logs(details.id, { timestamps: true, tail: 1 }));
      expect(stamped).toHaveLength(1);
      expect(stamped[0]?.line).toBe('line5');
      expect(Number.isNaN(Date.parse(stamped[0]?.timestamp ?? ''))).toBe(false);
      expect(await collect(ctx.manager.logs(details.id, { since: new Date(Date.now() + 3_600_000) }))).toEqual([]);
    });

    it(
      'follows until the container exits',
      async () => {
        const c = await create('follow', { command: ['sh', '-c', 'for i in 1 2 3; do echo tick$i; sleep 1; done'] });
        await ctx.manager.start(c.id);
        const lines = await within('follow logs', collect(ctx.manager.logs(c.id, { follow: true })), deadline);
        expect(text(lines, 'stdout')).toEqual(['tick1', 'tick2', 'tick3']);
      },
      caseTimeout,
    );

    it(
      'ends a followed stream when its signal is aborted',
      async () => {
        const c = await create('abortlogs', { command: ['sh', '-c', 'while true; do echo tick; sleep 1; done'] });
        await ctx.manager.start(c.id);
        const controller = new AbortController();
        const seen: LogLine[] = [];
        const ended = (async () => {
          try {
            for await (const line of ctx.manager.logs(c.id, { follow: true, signal: controller.signal })) {
              seen.push(line);
              if (seen.length === 2) controller.abort();
            }
            return 'ended';
          } catch (error) {
            return error;
          }
        })();
        const outcome = await within('an aborted log follow', ended, deadline);
        if (outcome !== 'ended') expect((outcome as { code?: unknown }).code).toBe('cancelled');
        expect(seen.length).toBeGreaterThanOrEqual(2);
      },
      caseTimeout,
    );

    it(
      'ends a followed stream when the consumer breaks out',
      async () => {
        const c = await create('breaklogs', { command: ['sh', '-c', 'while true; do echo tick; sleep 1; done'] });
        await ctx.manager.start(c.id);
        const first = await within(
          'breaking out of a log follow',
          (async () => {
            for await (const line of ctx.manager.logs(c.id, { follow: true })) return line;
            return undefined;
          })(),
          deadline,
        );
        expect(first?.line).toBe('tick');
      },
      caseTimeout,
    );

    it('returns the exit code from wait', async () => {
      const { exitCode } = await runToEnd('exit3', { command: ['sh', '-c', 'exit 3'] });
      expect(exitCode).toBe(3);
      const { exitCode: zero } = await runToEnd('exit0', { command: ['true'] });
      expect(zero).toBe(0);
    });
  });
}
