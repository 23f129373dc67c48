import Type from 'typebox';
import { LogLine } from './container.js';

/** A command to run in a running container (no terminal). */
export const ExecRequest = Type.Object(
  {
    command: Type.Array(Type.String({ maxLength: 65_536 }), { minItems: 1, maxItems: 4096, description: 'argv, never a shell string' }),
    env: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'environment variables added for this command' })),
    user: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$', maxLength: 256, description: 'user[:group], by name or id' }),
    ),
    working_dir: Type.Optional(Type.String({ pattern: '^/', maxLength: 4096, description: 'absolute path inside the container' })),
  },
  { additionalProperties: false, $id: 'ExecRequest' },
);
export type ExecRequest = Type.Static<typeof ExecRequest>;

/** The JSON answer of a finished command: its exit code and (capped) output. */
export const ExecResult = Type.Object(
  {
    exit_code: Type.Integer(),
    output: Type.Array(LogLine),
    truncated: Type.Optional(Type.Boolean({ description: 'true when the output was longer than the answer keeps' })),
  },
  { $id: 'ExecResult' },
);
export type ExecResult = Type.Static<typeof ExecResult>;
