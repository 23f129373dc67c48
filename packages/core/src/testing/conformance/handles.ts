import { describe, expect, it } from 'vitest';
import { type ConformanceContext, rejectsWithCode } from './context.js';

/** Registers the cases for handles: `await using` a created container removes it. */
export function describeHandleCases(ctx: ConformanceContext): void {
  const { caseTimeout } = ctx;
  describe('handles', () => {
    it(
      'removes a container when its await-using scope ends, running or not, and serialises as before',
      async () => {
        let id = '';
        {
          await using handle = await ctx.create('handle');
          id = handle.id;
          const plain = JSON.parse(JSON.stringify(handle)) as Record<string, unknown>;
          expect(plain).toEqual(JSON.parse(JSON.stringify(await ctx.manager.inspect(id))));
          expect(Object.keys(handle)).toEqual(Object.keys(plain));
          await ctx.manager.start(id);
        }
        await rejectsWithCode(ctx.manager.inspect(id), 'not_found');
      },
      caseTimeout,
    );

    it(
      'disposes quietly when the container was already removed, and when the block throws',
      async () => {
        let id = '';
        {
          await using handle = await ctx.create('handle-gone');
          id = handle.id;
          await ctx.manager.remove(id);
        }
        await rejectsWithCode(ctx.manager.inspect(id), 'not_found');
        const failing = async () => {
          await using handle = await ctx.create('handle-throws');
          id = handle.id;
          throw new Error('the block failed');
        };
        await expect(failing()).rejects.toThrow('the block failed');
        await rejectsWithCode(ctx.manager.inspect(id), 'not_found');
      },
      caseTimeout,
    );
  });
}
