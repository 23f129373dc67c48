// The one writer of generated Dockerfile lines, for every buildpack that writes a Dockerfile.
// Nothing a user or a repository supplies is pasted into a line as is: commands go in exec form
// with JSON-quoted arguments (the Dockerfile parser reads exec form as JSON and never expands
// variables in RUN or CMD), paths are limited to a plain character set and JSON-quoted, image
// references must match the reference grammar, and values are escaped for the one context they
// land in.
import { isImageReference, ValidationError } from '@mikrocloud/core';
import { checkRelativePath } from '../workspace/confine.js';

/** Names of ARG/ENV variables: the portable shell grammar, so a name never needs quoting. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Paths that go into COPY/WORKDIR lines. No `$` (COPY expands variables even in its JSON
 * form), no glob characters, no quotes, backslashes or control characters.
 */
const SAFE_PATH = /^[A-Za-z0-9._@+=,-][A-Za-z0-9._@+=,/ -]*$/;

/** Build stage names (`FROM x AS <stage>`, `COPY --from=<stage>`). */
const STAGE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/** Why `value` cannot stand in one Dockerfile line, or undefined when it can. */
export function singleLineProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && /[\n\r\0\u2028\u2029]/.test(value)) {
    return 'must not contain newlines, carriage returns, line separators or NUL characters';
  }
  return undefined;
}

/** Refuses values that would break out of a single Dockerfile line. */
export function assertSingleLine(value: string, field: string): void {
  const problem = singleLineProblem(value);
  if (problem) throw ValidationError.field(field, problem);
}

/**
 * Throws unless `value` is a relative path a generated Dockerfile may name: inside the build
 * context (no absolute path, no `..` segment), and letters, digits, spaces and `._@+=,/-` only.
 */
export function assertSafePath(value: string, field: string): void {
  const problem = checkRelativePath(value);
  if (problem) throw ValidationError.field(field, problem);
  if (!SAFE_PATH.test(value) || value.split('/').includes('..')) {
    throw ValidationError.field(field, `path ${JSON.stringify(value)} is not allowed in a generated Dockerfile (letters, digits, spaces and ._@+=,/- only; no "..")`);
  }
}

export function assertVariableName(name: string, field: string): void {
  if (!VARIABLE_NAME.test(name)) {
    throw ValidationError.field(field, 'must be a variable name ([A-Za-z_][A-Za-z0-9_]*)');
  }
}

/** A JSON string for a Dockerfile JSON-form argument; refuses anything that ends the line. */
export function dockerfileString(value: string, field: string): string {
  assertSingleLine(value, field);
  return JSON.stringify(value);
}

/**
 * A relative path for COPY's JSON form, JSON-quoted. Refuses what the builder would reinterpret
 * (`$`, globs, control characters), absolute paths and paths that climb out of the context.
 */
export function dockerfilePath(value: string, field: string): string {
  assertSafePath(value, field);
  return JSON.stringify(value);
}

/** An image reference for a FROM line: must match the reference grammar (no spaces, no newlines). */
export function dockerfileImage(value: string, field: string): string {
  if (!isImageReference(value)) throw ValidationError.field(field, `${JSON.stringify(value)} is not a valid image reference`);
  return value;
}

function assertStage(stage: string): void {
  if (!STAGE_NAME.test(stage)) throw ValidationError.field('stage', `${JSON.stringify(stage)} is not a build stage name`);
}

/** `FROM image [AS stage]`: the image must be a valid reference (or an earlier stage's name). */
export function fromLine(image: string, stage?: string, field = 'base_images'): string {
  dockerfileImage(image, field);
  if (stage === undefined) return `FROM ${image}`;
  assertStage(stage);
  return `FROM ${image} AS ${stage}`;
}

/** A build cache directory mounted into one RUN step (`RUN --mount=type=cache,id=…,target=…`). */
export interface CacheMount {
  /** One word (no `/`), so every engine keeps it in a directory of its own. */
  id: string;
  /** Where the step sees it. */
  target: string;
}

/** Where each package manager keeps its cache when it runs as root in the build images. */
export const PACKAGE_CACHES = {
  npm: { npm: '/root/.npm' },
  yarn: { yarn: '/usr/local/share/.cache/yarn' },
  pnpm: { pnpm: '/root/.local/share/pnpm/store' },
  pip: { pip: '/root/.cache/pip' },
  go: { 'go-build': '/root/.cache/go-build', 'go-mod': '/go/pkg/mod' },
} as const satisfies Record<string, Record<string, string>>;

/** A package manager whose cache generated Dockerfiles can mount. */
export type PackageCacheTool = keyof typeof PACKAGE_CACHES;

const CACHE_ID = /^[a-z0-9][a-z0-9_.-]{0,127}$/;
const CACHE_TARGET = /^(?:\/[A-Za-z0-9._-]+)+$/;

/**
 * The cache mounts of `tool`, with ids under `scope` (stable per repository: a dependency change
 * reinstalls from a warm cache); none without a scope, which is how a builder without cache
 * mounts (Docker's legacy builder) gets a Dockerfile without mount syntax.
 */
export function packageCacheMounts(scope: string | undefined, tool: PackageCacheTool | undefined): CacheMount[] {
  if (scope === undefined || tool === undefined) return [];
  return Object.entries(PACKAGE_CACHES[tool]).map(([name, target]) => ({ id: `${scope}-${name}`, target }));
}

function mountFlags(caches: readonly CacheMount[]): string {
  return caches
    .map(({ id, target }) => {
      if (!CACHE_ID.test(id)) throw ValidationError.field('cache', `${JSON.stringify(id)} is not a cache id (one word: a-z, 0-9, . _ -)`);
      if (!CACHE_TARGET.test(target) || target.split('/').includes('..')) throw ValidationError.field('cache', `${JSON.stringify(target)} is not a cache target`);
      return `--mount=type=cache,id=${id},target=${target} `;
    })
    .join('');
}

/**
 * `RUN ["sh","-c","<cmd>"]`: the command reaches sh intact, whatever characters it holds. With
 * `caches`, each is mounted into the step (`RUN --mount=type=cache,… [...]`).
 */
export function runShell(command: string, field = 'command', caches: readonly CacheMount[] = []): string {
  assertSingleLine(command, field);
  return `RUN ${mountFlags(caches)}${JSON.stringify(['sh', '-c', command])}`;
}

const LIST_OPERATOR = /&&|\|\||[;|&]/;

/**
 * `exec` replaces sh with the app, so the app is PID 1 and receives the stop signal. In
 * `migrate && serve` it must go before the last command (before the first, it would end the
 * container after `migrate`); a list with other operators runs under sh as written.
 */
function execLast(start: string): string {
  if (!LIST_OPERATOR.test(start)) return `exec ${start}`;
  const at = start.lastIndexOf(' && ');
  const last = start.slice(at + 4);
  return at > 0 && !LIST_OPERATOR.test(last) ? `${start.slice(0, at)} && exec ${last}` : start;
}

/** A CMD line: an argv in exec form, or a string run by `sh -c` (so `$PORT` and `&&` work). */
export function cmdLine(start: string | readonly string[], field = 'start_command'): string {
  if (typeof start === 'string') {
    assertSingleLine(start, field);
    return `CMD ${JSON.stringify(['sh', '-c', execLast(start)])}`;
  }
  start.forEach((arg, i) => assertSingleLine(arg, `${field}.${i}`));
  return `CMD ${JSON.stringify(start)}`;
}

/**
 * `COPY [--from=<stage>] ["a","b","dest/"]`: every path checked and JSON-quoted. A path starting
 * with `/` names a location inside an image the generator writes (`/app`); the rest of it is
 * checked like any other path.
 */
export function copyLine(sources: readonly string[], dest: string, from?: string, field = 'path'): string {
  for (const p of [...sources, dest]) assertSafePath(p.replace(/^\//, '') || '.', field);
  if (from !== undefined) assertStage(from);
  return `COPY ${from === undefined ? '' : `--from=${from} `}${JSON.stringify([...sources, dest])}`;
}

/**
 * A double-quoted Dockerfile word. ARG and ENV expand `$NAME` and treat `\` as an escape
 * inside double quotes, so both (and the quote itself) are backslash-escaped.
 */
export function quoteValue(value: string, field = 'value'): string {
  assertSingleLine(value, field);
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** `ENV NAME="value"` with the value escaped. */
export function envLine(name: string, value: string): string {
  assertVariableName(name, `variables.${name}`);
  return `ENV ${name}=${quoteValue(value, `variables.${name}`)}`;
}

/** `ARG NAME="value"`: visible to RUN steps of this stage only, never to the final image. */
export function argLine(name: string, value: string): string {
  assertVariableName(name, `variables.${name}`);
  return `ARG ${name}=${quoteValue(value, `variables.${name}`)}`;
}

/** Quotes a word for POSIX sh (single quotes), for commands a generator composes itself. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
