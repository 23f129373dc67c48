import { isFieldProblem } from '@mikrocloud/client';

/** Problems grouped by the form field that shows them; `_form` holds those no field shows. */
export type ProblemsByField = Record<string, string[]>;

/** The key for problems that belong to no field of the form. */
export const FORM_PROBLEMS = '_form';

/**
 * Sorts the API's per-field problems onto the form's fields: a problem with `ports.99999` goes to
 * the `ports` field, shown with the part below the field (`99999: must be ...`) so a map entry is
 * named; problems with a field the form does not have go to {@link FORM_PROBLEMS}.
 */
export function problemsByField(details: unknown, fields: readonly string[]): ProblemsByField {
  const out: ProblemsByField = {};
  const add = (key: string, message: string) => (out[key] ??= []).push(message);
  for (const problem of Array.isArray(details) ? details.filter(isFieldProblem) : []) {
    const match = /^([A-Za-z0-9_]+)(?:[.[](.*))?$/.exec(problem.field);
    const top = match?.[1] ?? '';
    const rest = match?.[2]?.replace(/\]$/, '');
    if (fields.includes(top)) add(top, rest ? `${rest}: ${problem.message}` : problem.message);
    else add(FORM_PROBLEMS, problem.field ? `${problem.field}: ${problem.message}` : problem.message);
  }
  return out;
}
