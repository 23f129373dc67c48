import { describe, expect, it } from 'vitest';
import type { PullProgress } from '../../schemas/registry.js';
import { Labels } from '../../labels.js';
import { tarOf } from '../tar.js';
import { deleteFromTestRegistry, type TestRegistry } from '../registry.js';
import { type ConformanceContext, rejectsWithCode } from './context.js';

/**
 * Registers the cases for pulls and pushes against a real registry with authentication: pull
 * with progress, refused credentials, push of a built image and pull back, foreign images.
 * Skipped when no registry is given.
 */
export function describeRegistryCases(ctx: ConformanceContext, registry: TestRegistry | undefined): void {
  const { runLabels, runId, busybox, caseTimeout } = ctx;
  const maybe = registry ? describe : describe.skip;
  maybe('registry', () => {
    const reg = registry as TestRegistry;
    const auth = () => ({ username: reg.username, password: reg.password });
    const removeQuietly = async (ref: string) => {
      await ctx.manager.removeImage(ref, { force: true }).catch(() => undefined);
    };

    it(
      'pulls a multi-layer image with credentials and reports progress per layer',
      async () => {
        const seed = reg.seed;
        await removeQuietly(seed);
        const progress: PullProgress[] = [];
        try {
          const image = await ctx.manager.pullImage(seed, { auth: auth(), onProgress: (p) => progress.push(p) });
          expect(image.id).toMatch(/\S/);
          expect(image.tags).toContain(seed);
          const layers = new Set(progress.filter((p) => p.layer && p.layer !== 'latest').map((p) => p.layer));
          expect(layers.size).toBeGreaterThanOrEqual(2);
          for (const p of progress) {
            expect(typeof p.status).toBe('string');
            if (p.current_bytes !== undefined) expect(p.current_bytes).toBeGreaterThanOrEqual(0);
          }
        } finally {
          await removeQuietly(seed);
        }
      },
      caseTimeout,
    );

    it(
      'refuses a wrong password with forbidden, naming the registry and never the password',
      async () => {
        const wrong = `wrong-${runId}-secret`;
        let caught: unknown;
        try {
          await ctx.manager.pullImage(reg.seed, { auth: { username: reg.username, password: wrong } });
        } catch (err) {
          caught = err;
        }
        expect((caught as { code?: string })?.code).toBe('forbidden');
        const message = String((caught as Error).message);
        expect(message).toContain(reg.host);
        expect(message).not.toContain(wrong);
        expect(JSON.stringify(caught)).not.toContain(wrong);
      },
      caseTimeout,
    );

    it('answers a missing repository with not_found', async () => {
      await rejectsWithCode(ctx.manager.pullImage(`${reg.host}/mikrocloud-test/${runId}-absent:never`, { auth: auth() }), 'not_found');
    }, caseTimeout);

    it(
      'pushes a built image with progress, and pulls it back',
      async () => {
        const repository = `mikrocloud-test/${runId}-pushed`;
        const tag = `${reg.host}/${repository}:1`;
        ctx.images.add(tag);
        try {
          await ctx.manager.buildImage({
            context: tarOf({ Dockerfile: `FROM ${busybox}\nRUN echo ${runId} > /pushed.txt\n` }),
            tags: [tag],
            labels: runLabels,
          });
          const progress: PullProgress[] = [];
          await ctx.manager.pushImage(tag, { auth: auth(), onProgress: (p) => progress.push(p) });
          expect(progress.length).toBeGreaterThan(0);
          await ctx.manager.removeImage(tag);
          const pulled = await ctx.manager.pullImage(tag, { auth: auth() });
          expect(pulled.tags).toContain(tag);
          expect(pulled.labels[Labels.buildId]).toMatch(/\S/);
        } finally {
          await removeQuietly(tag);
          await deleteFromTestRegistry(reg, repository, '1');
        }
      },
      caseTimeout,
    );

    it('answers a push of an image no build made with not_found', async () => {
      await rejectsWithCode(ctx.manager.pushImage(busybox, { auth: auth() }), 'not_found');
    }, caseTimeout);
  });
}
