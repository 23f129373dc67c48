import { ValidationError, type FieldProblem } from './errors.js';
import { checkEnvironmentName, hasNul } from './grammar/names.js';
import { ExecRequest } from './schemas/exec.js';
import { createValidator } from './validation.js';

const schema = createValidator(ExecRequest);

/**
 * Checks a command to run in a container: argv with a command in first place, environment names
 * by their grammar, no NUL anywhere. Throws a {@link ValidationError} naming every field at fault.
 */
export function validateExecRequest(input: unknown): ExecRequest {
  // The schema's problems and the grammars' together, so one answer names every field at fault.
  const problems: FieldProblem[] = schema.problems(input);
  const request = (typeof input === 'object' && input !== null ? input : {}) as Partial<Record<keyof ExecRequest, unknown>>;
  const strings = (value: unknown): Array<[string, string]> =>
    value && typeof value === 'object' ? Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
  if (Array.isArray(request.command)) {
    if (typeof request.command[0] === 'string' && request.command[0].trim() === '') problems.push({ field: 'command.0', message: 'must name the command to run' });
    for (const [i, arg] of strings(request.command)) if (hasNul(arg)) problems.push({ field: `command.${i}`, message: 'must not contain NUL' });
  }
  for (const [key, value] of strings(request.env)) {
    const why = checkEnvironmentName(key) ?? (hasNul(value) ? 'must not contain NUL' : undefined);
    if (why) problems.push({ field: `env.${key}`, message: why });
  }
  if (typeof request.working_dir === 'string' && hasNul(request.working_dir)) problems.push({ field: 'working_dir', message: 'must not contain NUL' });
  if (problems.length > 0) throw new ValidationError(problems);
  return input as ExecRequest;
}
