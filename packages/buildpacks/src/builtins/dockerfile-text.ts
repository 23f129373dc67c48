import { isImageReference, ValidationError } from '@mikrocloud/core';
import { checkRelativePath } from '../workspace/confine.js';

// Generated Dockerfiles never paste user text into a line as is: every user value is either a
// validated image reference, or a JSON string in an exec-form/JSON-form instruction.

/** A JSON string for a Dockerfile JSON-form argument; refuses newlines, carriage returns and NUL. */
export function dockerfileString(value: string, field: string): string {
  if (/[\n\r\0]/.test(value)) throw ValidationError.field(field, 'must not contain newlines or NUL characters');
  return JSON.stringify(value);
}

/**
 * A relative path for COPY's JSON form. Refuses what the builder would reinterpret: `$` (COPY
 * expands variables even in JSON form), control characters, absolute paths and `..` escapes.
 */
export function dockerfilePath(value: string, field: string): string {
  const problem = checkRelativePath(value);
  if (problem) throw ValidationError.field(field, problem);
  if (value.includes('$')) throw ValidationError.field(field, 'must not contain "$"');
  return dockerfileString(value, field);
}

/** An image reference for a FROM line: must match the reference grammar (no spaces, no newlines). */
export function dockerfileImage(value: string, field: string): string {
  if (!isImageReference(value)) throw ValidationError.field(field, `"${value}" is not a valid image reference`);
  return value;
}

/** `RUN ["sh", "-c", <command>]`: the command is one JSON string, never parsed by the Dockerfile reader. */
export function runShell(command: string, field: string): string {
  return `RUN ["sh", "-c", ${dockerfileString(command, field)}]`;
}
