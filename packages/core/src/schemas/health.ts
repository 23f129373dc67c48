import Type from 'typebox';

/** How a container's health is checked: a command run inside it, every `interval_seconds`. */
export const HealthCheck = Type.Object(
  {
    test: Type.Array(Type.String({ maxLength: 4096 }), {
      minItems: 1,
      maxItems: 256,
      description: 'argv run inside the container (never a shell string); exit 0 means healthy',
      examples: [['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1/']],
    }),
    interval_seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, description: 'seconds between checks (default 30)' })),
    timeout_seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3_600, description: 'seconds one check may take (default 30)' })),
    retries: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'failures in a row that make it unhealthy (default 3)' })),
    start_period_seconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 86_400, description: 'seconds after start during which failures do not count (default 0)' }),
    ),
  },
  { additionalProperties: false, $id: 'HealthCheck' },
);
export type HealthCheck = Type.Static<typeof HealthCheck>;

export const HealthStatus = Type.Union([Type.Literal('starting'), Type.Literal('healthy'), Type.Literal('unhealthy'), Type.Literal('none')], {
  description: 'none: the container has no health check',
});
export type HealthStatus = Type.Static<typeof HealthStatus>;

/** A container's health as the engine last saw it. */
export const ContainerHealth = Type.Object(
  {
    status: HealthStatus,
    failing_streak: Type.Optional(Type.Integer({ minimum: 0, description: 'failed checks in a row' })),
    last_output: Type.Optional(Type.String({ description: 'output of the last check (the engine keeps at most 4 KiB)' })),
    last_exit_code: Type.Optional(Type.Integer()),
  },
  { $id: 'ContainerHealth' },
);
export type ContainerHealth = Type.Static<typeof ContainerHealth>;

/** What {@link ContainerManager.wait} waits for. */
export const WaitCondition = Type.Union([Type.Literal('exited'), Type.Literal('healthy'), Type.Literal('removed')]);
export type WaitCondition = Type.Static<typeof WaitCondition>;

/** The answer of a wait for `healthy`. */
export const HealthyWaitResult = Type.Object({ condition: Type.Literal('healthy'), health: ContainerHealth }, { $id: 'HealthyWaitResult' });
export type HealthyWaitResult = Type.Static<typeof HealthyWaitResult>;

/** The answer of a wait for `removed`. */
export const RemovedWaitResult = Type.Object({ condition: Type.Literal('removed') }, { $id: 'RemovedWaitResult' });
export type RemovedWaitResult = Type.Static<typeof RemovedWaitResult>;
