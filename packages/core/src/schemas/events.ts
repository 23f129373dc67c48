import Type from 'typebox';

/** The kinds of objects whose lifecycle events mikrocloud reports. */
export const ENGINE_EVENT_TYPES = ['container', 'image', 'volume', 'network'] as const;

/** `container`, `image`, `volume` or `network`. */
export const EngineEventType = Type.Union(ENGINE_EVENT_TYPES.map((t) => Type.Literal(t)));
export type EngineEventType = (typeof ENGINE_EVENT_TYPES)[number];

/**
 * One lifecycle event of an object in the manager's scope, the same shape on Docker and Podman.
 * `action` uses Docker's words (`create`, `start`, `die`, `destroy`, `tag`, `delete`, ...).
 */
export const EngineEvent = Type.Object(
  {
    type: EngineEventType,
    action: Type.String({ description: "Docker's word for what happened: create, start, die, destroy, tag, untag, delete, ...", examples: ['start'] }),
    id: Type.String({ description: 'the object: container or image id, volume name, network id' }),
    name: Type.Optional(Type.String({ description: 'container, image, volume or network name, when the engine gives one' })),
    time: Type.String({ description: 'ISO 8601, millisecond precision' }),
    time_nano: Type.String({
      pattern: '^[0-9]{1,20}$',
      description: 'nanoseconds since the epoch as decimal digits (exact; too large for a JSON number). Orders events and resumes a stream.',
      examples: ['1795947265016946744'],
    }),
    attributes: Type.Record(Type.String(), Type.String(), {
      description: "the engine's attributes: a container's labels, `image`, `exitCode` on die, `health_status`",
    }),
  },
  { $id: 'EngineEvent' },
);
export type EngineEvent = Omit<Type.Static<typeof EngineEvent>, 'type'> & { type: EngineEventType };
