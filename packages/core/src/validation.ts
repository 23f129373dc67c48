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
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

function toProblems(issues: Iterable<SchemaIssue>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (field: string, message: string) => {
    const key = `${field}\0${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push({ field, message });
    }
  };
  for (const issue of issues) {
    const field = fieldOf(issue.instancePath);
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
      default:
        add(field, issue.message);
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
    const list = toProblems(compiled.Errors(value) as Iterable<SchemaIssue>);
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
