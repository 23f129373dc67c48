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
  const request = schema.parse(input);
  const problems: FieldProblem[] = [];
  if (request.command[0]?.trim() === '') problems.push({ field: 'command.0', message: 'must name the command to run' });
  request.command.forEach((arg, i) => {
    if (hasNul(arg)) problems.push({ field: `command.${i}`, message: 'must not contain NUL' });
  });
  for (const [key, value] of Object.entries(request.env ?? {})) {
    const why = checkEnvironmentName(key) ?? (hasNul(value) ? 'must not contain NUL' : undefined);
    if (why) problems.push({ field: `env.${key}`, message: why });
  }
  if (request.working_dir !== undefined && hasNul(request.working_dir)) problems.push({ field: 'working_dir', message: 'must not contain NUL' });
  if (problems.length > 0) throw new ValidationError(problems);
  return request;
}
