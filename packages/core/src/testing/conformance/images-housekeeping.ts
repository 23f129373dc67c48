import { describe, expect, it } from 'vitest';
import type { ContainerManager } from '../../container-manager.js';
import { Labels } from '../../labels.js';
import { tarOf } from '../tar.js';
import type { ConformanceContext } from './context.js';

/** Registers the cases for listing and pruning the images an installation built. */
export function describeImageHousekeepingCases(ctx: ConformanceContext): void {
  const { runLabels, runId, busybox, caseTimeout, images } = ctx;
  const build = async (manager: ContainerManager, slug: string) => {
    const tag = `mctest-${runId}-${slug}:1`;
    images.add(tag);
    const { image_id } = await manager.buildImage({
      context: tarOf({ Dockerfile: `FROM ${busybox}\nCMD ["true"]\n` }),
      tags: [tag],
      labels: { ...runLabels, 'mctest.slug': slug },
    });
    return { tag, id: image_id };
  };
  const ids = (list: { id: string }[]) => list.map((i) => i.id.replace(/^sha256:/, ''));
  const bare = (id: string) => id.replace(/^sha256:/, '');

  describe('image housekeeping', () => {
    it(
      'lists only images mikrocloud built, with their build label; a dry run removes nothing',
      async () => {
        const built = await build(ctx.manager, 'listed');
        const listed = await ctx.manager.listImages();
        expect(ids(listed)).toContain(bare(built.id));
        for (const image of listed) expect(image.labels[Labels.buildId]).toBeDefined();
        const base = await ctx.manager.inspectImage(busybox);
        expect(ids(listed)).not.toContain(bare(base.id));
        const dry = await ctx.manager.pruneImages({ dryRun: true });
        expect(dry.dry_run).toBe(true);
        expect(await ctx.manager.imageExists(built.tag)).toBe(true);
      },
      caseTimeout,
    );

    it.skipIf(!ctx.options.createScopedManager)(
      "prunes only this instance's unused images, never base images, other instances' or used ones",
      async () => {
        const scoped = await ctx.options.createScopedManager!(`mctest-${runId}-scope`);
        const used = await build(scoped, 'kept-used');
        const unused = await build(scoped, 'pruned');
        const other = await build(ctx.manager, 'other-instance');
        const listed = ids(await scoped.listImages());
        expect(listed).toEqual(expect.arrayContaining([bare(used.id), bare(unused.id)]));
        expect(listed).not.toContain(bare(other.id));
        await ctx.create('uses-image', { image: used.tag, command: ['true'] });

        const dry = await scoped.pruneImages({ dryRun: true });
        expect(dry).toEqual({ removed: [expect.stringContaining(bare(unused.id))], dry_run: true });
        expect(await scoped.imageExists(unused.tag)).toBe(true);

        const pruned = await scoped.pruneImages();
        expect(pruned.dry_run).toBe(false);
        expect(pruned.removed.map(bare)).toEqual([bare(unused.id)]);
        expect(await scoped.imageExists(unused.tag)).toBe(false);
        expect(await scoped.imageExists(used.tag)).toBe(true);
        expect(await scoped.imageExists(other.tag)).toBe(true);
        expect(await scoped.imageExists(busybox)).toBe(true);
      },
      caseTimeout * 2,
    );
  });
}
