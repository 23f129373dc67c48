// Builders for generated Dockerfile lines. Nothing a user or a repository supplies is pasted
// into a line as is: commands go in exec form with JSON-quoted arguments (the Dockerfile parser
// reads exec form as JSON and never expands variables in RUN or CMD), paths are limited to a
// plain character set and JSON-quoted, and values are escaped for the one context they land in.
import { ValidationError } from '@mikrocloud/core';

/** Names of ARG/ENV variables: the portable shell grammar, so a name never needs quoting. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Paths that go into COPY/WORKDIR lines. No `$` (COPY expands variables even in its JSON
 * form), no glob characters, no quotes or control characters.
 */
const SAFE_PATH = /^[A-Za-z0-9._@+=,-][A-Za-z0-9._@+=,/ -]*$/;

/** Refuses values that would break out of a single Dockerfile line. */
export function assertSingleLine(field: string, value: string): void {
  if (/[\n\r\0\u2028\u2029]/.test(value)) {
    throw ValidationError.field(field, 'must be a single line (no newline, carriage return or NUL)');
  }
}

/** Throws unless `value` is a path the generated Dockerfile may name. */
export function assertSafePath(field: string, value: string): void {
  if (!SAFE_PATH.test(value) || value.split('/').includes('..')) {
    throw ValidationError.field(field, `path ${JSON.stringify(value)} is not allowed in a generated Dockerfile (letters, digits, and ._@+=,/- only)`);
  }
}

export function assertVariableName(field: string, name: string): void {
  if (!VARIABLE_NAME.test(name)) {
    throw ValidationError.field(field, 'must be a variable name ([A-Za-z_][A-Za-z0-9_]*)');
  }
}

/** `RUN ["sh","-c","<cmd>"]`: the command reaches sh intact, whatever characters it holds. */
export function runShell(command: string, field = 'command'): string {
  assertSingleLine(field, command);
  return `RUN ${JSON.stringify(['sh', '-c', command])}`;
}

/** A CMD line: an argv in exec form, or a string run by `sh -c` (so `$PORT` and `&&` work). */
export function cmdLine(start: string | readonly string[], field = 'start_command'): string {
  if (typeof start === 'string') {
    assertSingleLine(field, start);
    // `exec` replaces sh with the app, so the app is PID 1 and receives the stop signal.
    return `CMD ${JSON.stringify(['sh', '-c', `exec ${start}`])}`;
  }
  start.forEach((arg, i) => assertSingleLine(`${field}.${i}`, arg));
  return `CMD ${JSON.stringify(start)}`;
}

/** `COPY ["a","b","dest/"]`, optionally `--from=<stage>`; every path checked and JSON-quoted. */
export function copyLine(sources: readonly string[], dest: string, from?: string): string {
  // An absolute path names a location in an image we generate (`/app`); the check covers the rest.
  for (const p of [...sources, dest]) assertSafePath('path', p.replace(/^\//, '') || '.');
  if (from !== undefined && !/^[a-z][a-z0-9_-]*$/.test(from)) throw ValidationError.field('stage', 'bad stage name');
  return `COPY ${from === undefined ? '' : `--from=${from} `}${JSON.stringify([...sources, dest])}`;
}

/**
 * A double-quoted Dockerfile word. ARG and ENV expand `$NAME` and treat `\` as an escape
 * inside double quotes, so both (and the quote itself) are backslash-escaped.
 */
export function quoteValue(value: string, field = 'value'): string {
  assertSingleLine(field, value);
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** `ENV NAME="value"` with the value escaped. */
export function envLine(name: string, value: string): string {
  assertVariableName(`variables.${name}`, name);
  return `ENV ${name}=${quoteValue(value, `variables.${name}`)}`;
}

/** `ARG NAME="value"`: visible to RUN steps of this stage only, never to the final image. */
export function argLine(name: string, value: string): string {
  assertVariableName(`variables.${name}`, name);
  return `ARG ${name}=${quoteValue(value, `variables.${name}`)}`;
}

/** `FROM image [AS stage]`: the reference must look like an image reference. */
export function fromLine(image: string, stage?: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/.test(image)) {
    throw ValidationError.field('base_images', `not an image reference: ${JSON.stringify(image)}`);
  }
  return stage === undefined ? `FROM ${image}` : `FROM ${image} AS ${stage}`;
}

/** Quotes a word for POSIX sh (single quotes), for commands the planner composes itself. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
