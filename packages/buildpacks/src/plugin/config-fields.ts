// Config fields whose grammar a JSON Schema cannot say (a relative path that must not climb out,
// one line of shell, a compose service name, an image reference) are declared with these helpers:
// each is a plain string schema plus an `x-mikrocloud-check` keyword, which schema validators
// ignore and `configFieldProblems` acts on. The request validator walks every buildpack's schema
// with it at submission, so a bad value costs no clone; plug-ins use the same helpers.
import Type, { type TSchema, type TString } from 'typebox';
import { checkComposeServiceName, checkImageReference, checkRelativePath, checkSingleLine, ValidationError, type FieldProblem } from '@mikrocloud/core';

/** The schema keyword that names a field's check. */
export const CONFIG_CHECK_KEYWORD = 'x-mikrocloud-check';

/** The checks a config field can declare. */
export type ConfigCheck = 'relative-path' | 'single-line' | 'compose-service' | 'image-reference';

/** What every helper of {@link ConfigField} takes. */
export interface ConfigFieldOptions {
  description?: string;
  /** Longest accepted value, in characters. */
  maxLength?: number;
}

// No CR, LF or NUL: in the schema too, so that any other consumer of the schema refuses them.
const SINGLE_LINE = '^[^\\r\\n\\u0000]*$';

function field(check: ConfigCheck, maxLength: number, options: ConfigFieldOptions, extra: Record<string, unknown> = {}): TString {
  return Type.String({
    minLength: 1,
    maxLength: options.maxLength ?? maxLength,
    ...extra,
    ...(options.description !== undefined ? { description: options.description } : {}),
    [CONFIG_CHECK_KEYWORD]: check,
  });
}

/**
 * String schemas for config fields with a grammar of their own, checked when a request is
 * submitted (a 400 naming the field) as well as by the schema.
 *
 * @example
 * const MyConfig = Type.Object({
 *   dockerfile: Type.Optional(ConfigField.relativePath({ description: 'relative to the repository root' })),
 *   start_command: Type.Optional(ConfigField.singleLine()),
 * }, { additionalProperties: false });
 */
export const ConfigField = {
  /** A path inside the repository: not absolute, not climbing out with `..`, no control characters or `\`. */
  relativePath: (options: ConfigFieldOptions = {}): TString => field('relative-path', 1024, options),
  /** One line of text (a shell command): no newline, carriage return or NUL. */
  singleLine: (options: ConfigFieldOptions = {}): TString => field('single-line', 4096, options, { pattern: SINGLE_LINE }),
  /** A compose service name (`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`). */
  composeServiceName: (options: ConfigFieldOptions = {}): TString => field('compose-service', 255, options),
  /** An image reference in the distribution grammar (lower-case repository). */
  imageReference: (options: ConfigFieldOptions = {}): TString => field('image-reference', 512, options),
};

const checks: Record<ConfigCheck, (value: unknown, name: string) => unknown> = {
  'relative-path': (value, name) => checkRelativePath(value, name),
  'single-line': (value, name) => checkSingleLine(value, name),
  'compose-service': (value, name) => checkComposeServiceName(value, name),
  'image-reference': (value, name) => checkImageReference(value, name),
};

const join = (base: string, key: string) => (base ? `${base}.${key}` : key);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The problems of the fields of `value` that `schema` declares with {@link ConfigField}, named
 * `<field>.<path>`. Follows object properties, records and arrays; values of the wrong type are
 * left to the schema's own validation.
 */
export function configFieldProblems(schema: TSchema, value: unknown, fieldName = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const visit = (s: Record<string, unknown>, v: unknown, name: string): void => {
    const check = s[CONFIG_CHECK_KEYWORD];
    if (typeof check === 'string' && typeof v === 'string' && check in checks) {
      try {
        checks[check as ConfigCheck](v, name);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        problems.push(...error.problems);
      }
      return;
    }
    if (Array.isArray(v) && isObject(s.items)) {
      v.forEach((item, i) => visit(s.items as Record<string, unknown>, item, join(name, String(i))));
      return;
    }
    if (!isObject(v)) return;
    const properties = isObject(s.properties) ? s.properties : {};
    const patterns = isObject(s.patternProperties) ? Object.entries(s.patternProperties) : [];
    for (const [key, item] of Object.entries(v)) {
      const own = properties[key];
      if (isObject(own)) {
        visit(own, item, join(name, key));
        continue;
      }
      for (const [pattern, sub] of patterns) {
        if (isObject(sub) && new RegExp(pattern).test(key)) visit(sub, item, join(name, key));
      }
    }
  };
  if (isObject(schema)) visit(schema, value, fieldName);
  return problems;
}
