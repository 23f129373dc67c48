import { describe, expect, it } from 'vitest';
import { Labels } from '../../labels.js';
import type { EventsOptions } from '../../contract/events.js';
import type { EngineEvent } from '../../schemas/events.js';
import { within } from '../poll.js';
import { type ConformanceContext, rejectsWithCode } from './context.js';

/** Collects events in the background until `stop` is called or `until` accepts what was seen. */
function listen(ctx: ConformanceContext, options: EventsOptions, until?: (seen: EngineEvent[]) => boolean) {
  const controller = new AbortController();
  const seen: EngineEvent[] = [];
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const finished = (async () => {
    for await (const event of ctx.manager.events({ ...options, signal: controller.signal })) {
      seen.push(event);
      if (until?.(seen)) resolveDone();
    }
  })();
  return { seen, done, finished, stop: () => controller.abort() };
}

/** Registers the cases for the event stream: scope, normalised shape, resume, closing. */
export function describeEventCases(ctx: ConformanceContext): void {
  const { caseTimeout, deadline } = ctx;
  describe('events', () => {
    it(
      'reports the lifecycle of its own containers in one shape, and resumes after a time_nano without repeats or gaps',
      async () => {
        const started = new Date(Date.now() - 1000);
        let id = '';
        const mine = (e: EngineEvent) => e.id === id;
        // From a moment ago: engines start following a little after they answer (Podman reads a
        // file), and events of that gap are then replayed rather than missed.
        const live = listen(ctx, { since: started, types: ['container'] }, (seen) => seen.some((e) => mine(e) && e.action === 'destroy'));
        const details = await ctx.create('events');
        id = details.id;
        await ctx.manager.start(id);
        await ctx.manager.stop(id, { timeoutSeconds: 0 });
        await ctx.manager.remove(id);
        await within('the destroy event', live.done, deadline);
        live.stop();
        await within('the stream to end after an abort', live.finished, deadline);

        const ours = live.seen.filter(mine);
        const actions = ours.map((e) => e.action);
        for (const action of ['create', 'start', 'die', 'destroy']) expect(actions).toContain(action);
        expect(actions.indexOf('create')).toBeLessThan(actions.indexOf('destroy'));
        for (const event of live.seen) {
          expect(event.type).toBe('container');
          expect(event.attributes[Labels.managed]).toBe('true');
          expect(event.time_nano).toMatch(/^[0-9]{19}$/);
          expect(Date.parse(event.time)).toBe(Number(BigInt(event.time_nano) / 1_000_000n));
        }
        const created = ours.find((e) => e.action === 'create');
        expect(created?.name).toBe(details.name);
        expect(created?.attributes[Labels.test]).toBe(ctx.runId);
        expect(ours.find((e) => e.action === 'die')?.attributes.exitCode).toMatch(/^[0-9]+$/);

        // Replayed from a time, then resumed after one of them: exactly the later ones, once.
        const until = new Date(Date.now() + 1000);
        const replay = listen(ctx, { since: started, until, types: ['container'] });
        await within('a replay with until to end', replay.finished, deadline + 5000);
        const replayed = replay.seen.filter(mine);
        expect(replayed.map((e) => e.time_nano)).toEqual(ours.map((e) => e.time_nano));
        const first = replayed[0] as EngineEvent;
        const resumed = listen(ctx, { after: first.time_nano, until, types: ['container'] });
        await within('a resumed replay to end', resumed.finished, deadline + 5000);
        const later = replayed.filter((e) => BigInt(e.time_nano) > BigInt(first.time_nano)).map((e) => e.time_nano);
        expect(resumed.seen.filter(mine).map((e) => e.time_nano).sort()).toEqual([...later].sort());
      },
      caseTimeout,
    );

    it(
      'filters by action, and ends when the loop is left',
      async () => {
        let id = '';
        const live = listen(ctx, { since: new Date(Date.now() - 1000), types: ['container'], actions: ['start'] }, (seen) => seen.some((e) => e.id === id));
        id = (await ctx.create('events-filter')).id;
        await ctx.manager.start(id);
        await within('the start event', live.done, deadline);
        live.stop();
        await within('the stream to end', live.finished, deadline);
        expect(live.seen.every((e) => e.action === 'start')).toBe(true);

        // Leaving a for-await early closes the stream (the generator returns).
        const iterator = ctx.manager.events({ since: new Date(Date.now() - 60_000), types: ['container'] })[Symbol.asyncIterator]();
        await within('the first replayed event', iterator.next(), deadline);
        await within('return() to close the stream', Promise.resolve(iterator.return?.()), deadline);
      },
      caseTimeout,
    );

    it('rejects bad options with validation_failed', async () => {
      const first = (options: EventsOptions) => ctx.manager.events(options)[Symbol.asyncIterator]().next();
      await rejectsWithCode(first({ types: ['bogus' as 'container'] }), 'validation_failed');
      await rejectsWithCode(first({ actions: ['Start now'] }), 'validation_failed');
      await rejectsWithCode(first({ after: '12abc' }), 'validation_failed');
      await rejectsWithCode(first({ since: Number.NaN }), 'validation_failed');
    });
  });
}
