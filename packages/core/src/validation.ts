import type { TSchema } from 'typebox';
import type Type from 'typebox';
import { Compile } from 'typebox/compile';
import { ValidationError, type FieldProblem } from './errors.js';

/** `/ports/8080` → `ports.8080` (the dotted field names used in error details). */
function fieldOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

interface SchemaIssue {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** The sub-schema a `#/properties/x/anyOf/0` path points at (undefined across a `$ref`). */
function schemaAt(root: unknown, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

const quoteList = (values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

/** A message in words for one issue; `errorMessage` on a schema (e.g. for a pattern) wins. */
function messageOf(issue: SchemaIssue, schema: Record<string, unknown> | undefined): string {
  if (typeof schema?.errorMessage === 'string' && issue.keyword !== 'required' && issue.keyword !== 'additionalProperties') return schema.errorMessage;
  const { params } = issue;
  switch (issue.keyword) {
    case 'type':
      return `must be ${Array.isArray(params.type) ? params.type.join(' or ') : String(params.type ?? issue.message.replace(/^must be /, ''))}`.replace(/\binteger\b/, 'an integer').replace(/\bobject\b/, 'an object').replace(/\barray\b/, 'an array').replace(/\bstring\b/, 'a string').replace(/\bboolean\b/, 'a boolean').replace(/\bnumber\b/, 'a number');
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters long`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters long`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    case 'minItems':
      return `must have at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`;
    case 'maxItems':
      return `must have at most ${String(params.limit)} items`;
    case 'enum':
      return `must be one of ${quoteList((schema?.enum as unknown[] | undefined) ?? [])}`;
    case 'const':
      return `must be ${quoteList([params.allowedValue])}`;
    default:
      return issue.message;
  }
}

function toProblems(issues: Iterable<SchemaIssue>, root: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (field: string, message: string) => {
    const key = `${field}\0${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ field, message });
    }
  };
  const list = [...issues];
  // A union fails once per member and once as a whole (`anyOf`): the whole says what would do
  // ("must be one of a, b, c" for literals, "must be a string or an integer" otherwise), its
  // members say nothing more.
  const members = new Map<string, SchemaIssue[]>();
  const memberOf = (issue: SchemaIssue) => {
    const union = /^(.*)\/anyOf\/[0-9]+$/.exec(issue.schemaPath)?.[1];
    return union === undefined ? undefined : `${issue.instancePath}\0${union}`;
  };
  const unions = new Set(list.filter((i) => i.keyword === 'anyOf').map((i) => `${i.instancePath}\0${i.schemaPath}`));
  for (const issue of list) {
    const key = memberOf(issue);
    if (key !== undefined && unions.has(key)) members.set(key, [...(members.get(key) ?? []), issue]);
  }
  for (const issue of list) {
    const field = fieldOf(issue.instancePath);
    const schema = schemaAt(root, issue.schemaPath);
    switch (issue.keyword) {
      case 'additionalProperties':
        for (const extra of (issue.params.additionalProperties as string[] | undefined) ?? []) {
          add(join(field, extra), 'unknown field');
        }
        break;
      case 'required':
        for (const missing of (issue.params.requiredProperties as string[] | undefined) ?? []) {
          add(join(field, missing), 'is required');
        }
        if (!issue.params.requiredProperties) add(field, issue.message);
        break;
      case 'boolean':
        // TypeBox reports an unknown property twice: once here ("schema is false") and once
        // as additionalProperties above. Keep the clearer one.
        break;
      case 'anyOf': {
        const failed = members.get(`${issue.instancePath}\0${issue.schemaPath}`) ?? [];
        if (typeof schema?.errorMessage === 'string') add(field, schema.errorMessage);
        else if (failed.length > 0 && failed.every((m) => m.keyword === 'const')) {
          add(field, `must be one of ${quoteList(failed.map((m) => m.params.allowedValue))}`);
        } else if (failed.length > 0) {
          const said = [...new Set(failed.map((m) => messageOf(m, schemaAt(root, m.schemaPath)).replace(/^must be /, '')))];
          add(field, `must be ${said.join(' or ')}`);
        } else add(field, 'does not match any of the allowed forms');
        break;
      }
      default: {
        const key = memberOf(issue);
        if (key === undefined || !unions.has(key)) add(field, messageOf(issue, schema));
      }
    }
  }
  return problems;
}

/** A compiled schema that turns unknown input into a typed value or a {@link ValidationError}. */
export interface Validator<T> {
  /** Returns the value typed, or throws a ValidationError naming every field at fault. */
  parse(value: unknown): T;
  /** Returns the problems (empty when the value is valid). */
  problems(value: unknown): FieldProblem[];
}

/**
 * Compiles a TypeBox schema into a validator whose errors name fields the way the REST API
 * reports them (`{"field": "ports.8080", "message": "..."}`).
 *
 * @example
 * const validate = createValidator(ContainerConfig);
 * const config = validate.parse(JSON.parse(body)); // throws ValidationError on bad input
 */
export function createValidator<S extends TSchema>(schema: S): Validator<Type.Static<S>> {
  const compiled = Compile(schema);
  const problems = (value: unknown): FieldProblem[] => {
    if (compiled.Check(value)) return [];
    const list = toProblems(compiled.Errors(value) as Iterable<SchemaIssue>, schema);
    return list.length > 0 ? list : [{ field: '', message: 'invalid value' }];
  };
  return {
    problems,
    parse(value) {
      const found = problems(value);
      if (found.length > 0) throw new ValidationError(found);
      return value as Type.Static<S>;
    },
  };
}
