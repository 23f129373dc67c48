import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../schemas/container.js';
import { within } from '../poll.js';
import { type ConformanceContext, collect, rejectsWithCode, text } from './context.js';

/** Registers the cases for running commands in containers. */
export function describeExecCases(ctx: ConformanceContext): void {
  const { create, deadline, caseTimeout } = ctx;
  const running = async (slug: string) => {
    const c = await create(slug);
    await ctx.manager.start(c.id);
    return c;
  };

  describe('exec', () => {
    it('streams stdout and stderr apart and answers the exit code', async () => {
      const c = await running('exec');
      const session = await ctx.manager.exec(c.id, { command: ['sh', '-c', 'echo out1; echo err1 >&2; echo out2; exit 7'] });
      const lines = await collect(session);
      expect(text(lines, 'stdout')).toEqual(['out1', 'out2']);
      expect(text(lines, 'stderr')).toEqual(['err1']);
      expect(await session.exitCode).toBe(7);
    });

    it('runs with the environment, user and working directory asked for', async () => {
      const c = await running('execenv');
      const session = await ctx.manager.exec(c.id, {
        command: ['sh', '-c', 'echo "$GREETING"; id -u; pwd'],
        env: { GREETING: 'hello  there' },
        user: '65534',
        working_dir: '/tmp',
      });
      expect((await collect(session)).map((l) => l.line)).toEqual(['hello  there', '65534', '/tmp']);
      expect(await session.exitCode).toBe(0);
    });

    it('answers the exit code when the output is not read', async () => {
      const c = await running('execquiet');
      const session = await ctx.manager.exec(c.id, { command: ['sh', '-c', 'for i in 1 2 3; do echo $i; done; exit 3'] });
      expect(await within('exitCode', session.exitCode, deadline)).toBe(3);
    });

    it(
      'closes the stream when the signal is aborted',
      async () => {
        const c = await running('execabort');
        const controller = new AbortController();
        const session = await ctx.manager.exec(c.id, { command: ['sh', '-c', 'echo start; sleep 30; echo never'] }, { signal: controller.signal });
        const seen: LogLine[] = [];
        await within(
          'an aborted exec',
          (async () => {
            for await (const line of session) {
              seen.push(line);
              controller.abort();
            }
          })(),
          deadline,
        );
        expect(seen.map((l) => l.line)).toEqual(['start']);
        await rejectsWithCode(session.exitCode, 'cancelled');
      },
      caseTimeout,
    );

    it('refuses a stopped container, one outside the scope and a bad command', async () => {
      const stopped = await create('execstopped');
      await rejectsWithCode(ctx.manager.exec(stopped.id, { command: ['true'] }), 'conflict');
      await rejectsWithCode(ctx.manager.exec(ctx.missing, { command: ['true'] }), 'not_found');
      await rejectsWithCode(ctx.manager.exec(stopped.id, { command: [] }), 'validation_failed');
      await rejectsWithCode(ctx.manager.exec(stopped.id, { command: ['true'], env: { 'A=B': 'x' } }), 'validation_failed');
    });
  });
}
