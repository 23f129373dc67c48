import Type from 'typebox';
import { ERROR_CODES } from '../errors.js';

/** Every stable error code (`ErrorCode`), as a schema. */
export const ErrorCodeSchema = Type.Union(
  ERROR_CODES.map((code) => Type.Literal(code)),
  { $id: 'ErrorCode', description: 'stable, machine-readable; never renamed' },
);

/** One entry of a 400's `details`: the field at fault (a dotted path such as `ports.8080`) and what is wrong, in words. */
export const FieldProblemSchema = Type.Object(
  { field: Type.String({ description: 'dotted path, e.g. ports.8080; empty for the whole input' }), message: Type.String() },
  { $id: 'FieldProblem' },
);

/** The body of every error answer of the REST API. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: ErrorCodeSchema,
      message: Type.String(),
      details: Type.Optional(
        Type.Union([Type.Array(FieldProblemSchema), Type.Record(Type.String(), Type.Unknown())], {
          description: 'a list of field problems (validation_failed), or facts about the error (limit_bytes, allowed, missing_scope, retry_after_seconds)',
        }),
      ),
    }),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Type.Static<typeof ErrorBody>;
