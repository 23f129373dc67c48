import { describe, expect, it } from 'vitest';
import { tarOf } from '../tar.js';
import { type ConformanceContext, rejectsWithCode, collect, text } from './context.js';

/** Registers the cases for image existence and inspection, builds, and failing builds. */
export function describeImageAndBuildCases(ctx: ConformanceContext): void {
  const { runToEnd, runLabels, runId, busybox, caseTimeout, images } = ctx;
  describe('images', () => {
    it('tells whether an image exists and inspects it', async () => {
      expect(await ctx.manager.imageExists(busybox)).toBe(true);
      expect(await ctx.manager.imageExists(`mctest-${runId}-absent:never`)).toBe(false);
      const image = await ctx.manager.inspectImage(busybox);
      expect(image.id).toMatch(/\S/);
      expect(image.tags).toContain(busybox);
      expect(image.size_bytes).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(image.created_at))).toBe(false);
    });

    it('rejects inspecting or removing a missing image with not_found', async () => {
      await rejectsWithCode(ctx.manager.inspectImage(`mctest-${runId}-absent:never`), 'not_found');
      await rejectsWithCode(ctx.manager.removeImage(`mctest-${runId}-absent:never`), 'not_found');
    });

    it(
      'builds an image, reports its lines and id, runs it, and removes it',
      async () => {
        const tag = `mctest-${runId}-built:1`;
        images.add(tag);
        const lines: string[] = [];
        const result = await ctx.manager.buildImage(
          {
            context: tarOf({
              Dockerfile: `FROM ${busybox}\nARG GREETING\nCOPY hello.txt /hello.txt\nRUN echo "$GREETING" >> /hello.txt\nCMD ["cat", "/hello.txt"]\n`,
              'hello.txt': 'from the context\n',
            }),
            tags: [tag],
            buildArgs: { GREETING: 'from a build arg' },
            labels: { ...runLabels, 'mctest.kind': 'built' },
          },
          { onLog: (line) => lines.push(line) },
        );
        expect(result.image_id).toMatch(/\S/);
        expect(lines.length).toBeGreaterThan(0);
        expect(await ctx.manager.imageExists(tag)).toBe(true);
        const image = await ctx.manager.inspectImage(tag);
        expect(image.tags).toContain(tag);
        expect(image.labels).toMatchObject({ 'mctest.kind': 'built' });
        expect(result.image_id.replace(/^sha256:/, '')).toContain(image.id.replace(/^sha256:/, '').slice(0, 12));

        const { details, exitCode } = await runToEnd('built', { image: tag, command: undefined });
        expect(exitCode).toBe(0);
        expect(details.image).toBe(tag);
        expect(text(await collect(ctx.manager.logs(details.id)), 'stdout')).toEqual(['from the context', 'from a build arg']);

        await ctx.manager.remove(details.id);
        await ctx.manager.removeImage(tag);
        expect(await ctx.manager.imageExists(tag)).toBe(false);
      },
      caseTimeout,
    );

    it(
      'rejects a failing build step as build_failed and tags nothing',
      async () => {
        const tag = `mctest-${runId}-broken:1`;
        images.add(tag);
        await rejectsWithCode(
          ctx.manager.buildImage({
            context: tarOf({ Dockerfile: `FROM ${busybox}\nRUN exit 7\n` }),
            tags: [tag],
            labels: runLabels,
          }),
          'build_failed',
        );
        expect(await ctx.manager.imageExists(tag)).toBe(false);
      },
      caseTimeout,
    );
  });
}
