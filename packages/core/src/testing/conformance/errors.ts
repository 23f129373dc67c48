import { describe, it } from 'vitest';
import { Labels } from '../../labels.js';
import { type ConformanceContext, rejectsWithCode, collect } from './context.js';

/**
 * Registers the cases for invalid configurations rejected before the engine, and not_found for every
 * verb on a missing container or image.
 */
export function describeErrorCases(ctx: ConformanceContext): void {
  const { nameFor, runLabels, runId, busybox, missing, containers } = ctx;
  describe('validation', () => {
    it('rejects invalid configurations before they reach the engine', async () => {
      const name = nameFor('invalid');
      containers.add(name);
      await rejectsWithCode(ctx.manager.create({ image: 'Not An Image!', name, labels: runLabels }), 'validation_failed');
      await rejectsWithCode(
        ctx.manager.create({ image: busybox, name, labels: { ...runLabels, [Labels.managed]: 'false' } }),
        'validation_failed',
      );
      await rejectsWithCode(
        ctx.manager.create({ image: busybox, name, ports: { '70000': '80' }, labels: runLabels }),
        'validation_failed',
      );
      await rejectsWithCode(ctx.manager.inspect(name), 'not_found');
    });
  });

  describe('not found', () => {
    it('every verb on a missing container rejects with not_found', async () => {
      await rejectsWithCode(ctx.manager.inspect(missing), 'not_found');
      await rejectsWithCode(ctx.manager.start(missing), 'not_found');
      await rejectsWithCode(ctx.manager.stop(missing), 'not_found');
      await rejectsWithCode(ctx.manager.restart(missing), 'not_found');
      await rejectsWithCode(ctx.manager.remove(missing), 'not_found');
      await rejectsWithCode(ctx.manager.remove(missing, { force: true }), 'not_found');
      await rejectsWithCode(ctx.manager.wait(missing), 'not_found');
      await rejectsWithCode(collect(ctx.manager.logs(missing)), 'not_found');
      await rejectsWithCode(collect(ctx.manager.logs(missing, { follow: true })), 'not_found');
    });

    it('creating from a missing image rejects with not_found and leaves nothing behind', async () => {
      const name = nameFor('noimage');
      containers.add(name);
      await rejectsWithCode(
        ctx.manager.create({ image: `mctest-${runId}-absent:never`, name, labels: runLabels }),
        'not_found',
      );
      await rejectsWithCode(ctx.manager.inspect(name), 'not_found');
    });
  });
}
