import { describe, expect, it } from 'vitest';
import { disposable } from '../disposable.js';
import { checkEventsOptions, eventPasses } from './events.js';

const event = (time_nano: string, action = 'start') =>
  ({ type: 'container', action, id: 'c', time: '', time_nano, attributes: {} }) as const;

describe('checkEventsOptions', () => {
  it('asks the engine from the whole second of `after` and drops what was already seen', () => {
    const checked = checkEventsOptions({ after: '1795947266450401480' });
    expect(checked.sinceSeconds).toBe(1795947266);
    expect(eventPasses(event('1795947266450401480'), checked)).toBe(false);
    expect(eventPasses(event('1795947266450401481'), checked)).toBe(true);
  });

  it('rounds since down and until up, and filters types and actions', () => {
    const checked = checkEventsOptions({ since: 10.5, until: new Date(20_500), types: ['container'], actions: ['die'] });
    expect(checked).toMatchObject({ sinceSeconds: 10, untilSeconds: 21 });
    expect(eventPasses(event('20000000000', 'die'), checked)).toBe(true);
    expect(eventPasses(event('20000000000'), checked)).toBe(false);
    expect(eventPasses(event('20600000000', 'die'), checked)).toBe(false);
  });

  it('names the field at fault', () => {
    const fieldOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { problems?: { field: string }[] }).problems?.[0]?.field;
      }
      return undefined;
    };
    expect(fieldOf(() => checkEventsOptions({ types: ['container', 'pod' as 'image'] }))).toBe('types.1');
    expect(fieldOf(() => checkEventsOptions({ actions: ['DIE'] }))).toBe('actions.0');
    expect(fieldOf(() => checkEventsOptions({ after: '-1' }))).toBe('after');
    expect(fieldOf(() => checkEventsOptions({ until: new Date('nope') }))).toBe('until');
  });
});

describe('disposable', () => {
  it('adds an invisible async dispose that await using calls', async () => {
    const calls: string[] = [];
    {
      await using value = disposable({ id: 'x' }, async () => {
        calls.push('disposed');
      });
      expect(JSON.stringify(value)).toBe('{"id":"x"}');
      expect({ ...value }).toEqual({ id: 'x' });
    }
    expect(calls).toEqual(['disposed']);
  });
});
