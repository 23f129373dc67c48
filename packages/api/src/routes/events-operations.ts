import { ENGINE_EVENT_TYPES, type EngineEventType } from '@mikrocloud/core';
import { described, timeParam, type QueryParam } from '../query.js';
import { defineRoute, LAST_EVENT_ID_HEADER, schemaRef } from '../route-registry.js';

/** A list given as repeated parameters or comma-separated (`?types=container,image`), each item checked. */
function listParam<T extends string>(schema: Record<string, unknown>, check: (item: string) => string | undefined): QueryParam<T[]> & { many: true } {
  return {
    many: true,
    schema: { type: 'array', items: schema },
    parse(raw) {
      const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
      for (const item of items) {
        const why = check(item);
        if (why) return { error: `"${item}" ${why}` };
      }
      return { value: items as T[] };
    },
  };
}

const typesParam = listParam<EngineEventType>({ type: 'string', enum: [...ENGINE_EVENT_TYPES] }, (t) =>
  (ENGINE_EVENT_TYPES as readonly string[]).includes(t) ? undefined : `is not one of ${ENGINE_EVENT_TYPES.join(', ')}`,
);
const actionsParam = listParam<string>({ type: 'string', pattern: '^[a-z][a-z_]{0,63}$' }, (a) =>
  /^[a-z][a-z_]{0,63}$/.test(a) ? undefined : 'is not an action word (lower-case letters and "_")',
);

/** The event stream route: what it checks and answers, for the server and the OpenAPI document alike. */
export const eventOperations = {
  stream: defineRoute({
    method: 'get',
    path: '/api/v1/events',
    operationId: 'streamEvents',
    scope: 'read',
    summary: 'Lifecycle events of managed containers, images, volumes and networks',
    description:
      "Server-sent events, one per engine event of an object this server manages: `event: <type>` (container, image, volume, network), `id: <time_nano>`, data an EngineEvent. Live until the client leaves (or `until` passes, then `event: end`); it takes one of `server.max_streams` places. `since` replays from a time first. A client reconnecting with `Last-Event-ID` (an event's time_nano) resumes strictly after that event: nothing repeated, nothing of the same second lost.",
    tag: 'events',
    query: {
      since: described(timeParam, 'replay events from this time on: UNIX seconds or ISO 8601'),
      until: described(timeParam, 'end the stream at this time: UNIX seconds or ISO 8601'),
      types: described(typesParam, 'only these kinds; repeatable or comma-separated'),
      actions: described(actionsParam, 'only these actions (start, die, destroy, ...); repeatable or comma-separated'),
    },
    headers: [LAST_EVENT_ID_HEADER],
    responses: {
      '200': {
        description: 'the events',
        content: { 'text/event-stream': { schema: { type: 'string' }, 'x-item-schema': schemaRef('EngineEvent') } },
      },
    },
    errors: ['BadRequest', 'TooManyRequests', 'BadGateway'],
  }),
};
