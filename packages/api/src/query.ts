import { ValidationError, checkLabelKey, type FieldProblem } from '@mikrocloud/core';
import type { Context } from 'hono';
import { didYouMean } from './suggest.js';

/** Reads one query parameter's text; returns a problem message instead of throwing. */
export type QueryParser<T> = (raw: string) => { value: T } | { error: string };

export interface QueryParam<T> {
  parse: QueryParser<T>;
  /** The JSON Schema of the parameter, as the OpenAPI document shows it. */
  schema?: Record<string, unknown>;
  /** What the parameter does, for the OpenAPI document. */
  description?: string;
  /** Accept the parameter more than once (each value parsed); otherwise a repeat is an error. */
  many?: boolean;
}

/** What {@link parseQuery} answers for a spec: each parameter's parsed value, when given. */
export type Parsed<S extends Record<string, QueryParam<unknown>>> = {
  [K in keyof S]?: S[K] extends QueryParam<infer T> ? (S[K]['many'] extends true ? T[] : T) : never;
};

/** `true`/`false` (also `1`/`0`); an empty value (`?all`) means true. */
export const booleanParam: QueryParam<boolean> = {
  schema: { type: 'boolean' },
  parse(raw) {
    const v = raw.toLowerCase();
    if (v === '' || v === 'true' || v === '1') return { value: true };
    if (v === 'false' || v === '0') return { value: false };
    return { error: 'must be true or false' };
  },
};

/** A whole number from `min` to `max`. */
export function integerParam(min: number, max: number): QueryParam<number> {
  return {
    schema: { type: 'integer', minimum: min, maximum: max },
    parse(raw) {
      if (!/^[0-9]+$/.test(raw)) return { error: `must be a whole number from ${min} to ${max}` };
      const n = Number(raw);
      return n >= min && n <= max ? { value: n } : { error: `must be a whole number from ${min} to ${max}` };
    },
  };
}

/** A point in time: UNIX seconds or an ISO 8601 / RFC 3339 date. */
export const timeParam: QueryParam<Date | number> = {
  schema: { type: 'string', examples: ['1767225600', '2026-01-01T00:00:00Z'] },
  parse(raw) {
    if (/^[0-9]{1,12}$/.test(raw)) return { value: Number(raw) };
    if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+(Z|[+-][0-9]{2}:?[0-9]{2})?)?$/i.test(raw)) {
      const date = new Date(raw);
      if (!Number.isNaN(date.getTime())) return { value: date };
    }
    return { error: 'must be UNIX seconds or an ISO 8601 date' };
  },
};

/** A label filter `key=value`. */
export const labelParam: QueryParam<[string, string]> & { many: true } = {
  many: true,
  schema: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]*=' } },
  parse(raw) {
    const eq = raw.indexOf('=');
    if (eq <= 0) return { error: 'must be key=value' };
    const key = raw.slice(0, eq);
    const why = checkLabelKey(key);
    return why ? { error: `label key ${why}` } : { value: [key, raw.slice(eq + 1)] };
  },
};

/**
 * Parses a request's query string against a spec. Unknown parameters, repeats and bad values
 * are one 400 naming every parameter at fault.
 */
export function parseQuery<S extends Record<string, QueryParam<unknown>>>(c: Context, spec: S): Parsed<S> {
  const all = new URL(c.req.url).searchParams;
  const out: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  for (const name of new Set(all.keys())) {
    const param = spec[name];
    const values = all.getAll(name);
    if (!param) {
      const known = Object.keys(spec);
      problems.push({
        field: name,
        message:
          known.length === 0
            ? 'unknown query parameter: this route takes no query parameters'
            : `unknown query parameter${didYouMean(name, known)}; this route takes ${known.join(', ')}`,
      });
      continue;
    }
    if (!param.many && values.length > 1) {
      problems.push({ field: name, message: 'must be given at most once' });
      continue;
    }
    const parsed: unknown[] = [];
    for (const raw of values) {
      const result = param.parse(raw);
      if ('error' in result) problems.push({ field: name, message: result.error });
      else parsed.push(result.value);
    }
    out[name] = param.many ? parsed : parsed[0];
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return out as Parsed<S>;
}

/** Container ids and names as the path carries them: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, at most 128. */
export const CONTAINER_REF_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_.-]*$';
const containerRef = new RegExp(CONTAINER_REF_PATTERN);

/** The `{id}` path parameter, checked: a 400 naming `id` when it is not an id, id prefix or name. */
export function containerRefParam(c: Context): string {
  const id = c.req.param('id') ?? '';
  if (id.length > 128 || !containerRef.test(id)) {
    throw ValidationError.field('id', 'must be a container id or name: letters, digits, "_", "." and "-", starting with a letter or digit, at most 128 characters');
  }
  return id;
}

/** A query parameter with its description for the OpenAPI document. */
export function described<P extends QueryParam<unknown>>(param: P, description: string): P {
  return { ...param, description };
}
