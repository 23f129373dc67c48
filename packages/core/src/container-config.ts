import { ValidationError, type FieldProblem } from './errors.js';
import { parseImageReference } from './grammar/image-reference.js';
import { checkContainerName, checkEnvironmentName, hasNul } from './grammar/names.js';
import { parsePortMap } from './ports.js';
import { checkHealthcheck, checkResources } from './resources-health.js';
import { ContainerConfig, type PortBinding } from './schemas/container.js';
import { createValidator } from './validation.js';
import { checkMounts, checkNetworks, checkUserLabels } from './storage-config.js';

const schema = createValidator(ContainerConfig);

/** A {@link ContainerConfig} that passed every check, with its ports parsed. */
export interface ValidContainerConfig extends ContainerConfig {
  readonly port_bindings: PortBinding[];
}

const isStringMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks a container configuration against its schema and against the real grammars of image
 * references, container names, environment names and label keys. Throws a
 * {@link ValidationError} listing every field at fault, schema and grammar problems together;
 * nothing invalid reaches an engine.
 */
export function validateContainerConfig(input: unknown): ValidContainerConfig {
  const problems: FieldProblem[] = schema.problems(input);
  if (!isStringMap(input)) throw new ValidationError(problems);
  // The grammars run on every field whose type is right, so one answer names every problem; a
  // field the schema already rejected is not reported twice.
  const rejected = new Set(problems.map((p) => p.field));
  const fresh = (field: string) => !rejected.has(field);
  const config = input as Partial<ContainerConfig> & Record<string, unknown>;
  if (typeof config.image === 'string' && fresh('image')) {
    const image = parseImageReference(config.image);
    if ('error' in image) problems.push({ field: 'image', message: image.error });
  }
  if (typeof config.name === 'string' && fresh('name')) {
    const why = checkContainerName(config.name);
    if (why) problems.push({ field: 'name', message: why });
  }
  const strings = (value: unknown) => Object.entries(isStringMap(value) ? value : {}).filter((e): e is [string, string] => typeof e[1] === 'string');
  for (const [key, value] of strings(config.environment)) {
    const why = checkEnvironmentName(key);
    if (why) problems.push({ field: `environment.${key}`, message: why });
    if (hasNul(value)) problems.push({ field: `environment.${key}`, message: 'must not contain NUL' });
  }
  problems.push(...checkUserLabels(Object.fromEntries(strings(config.labels))));
  for (const field of ['command', 'entrypoint'] as const) {
    const argv: unknown = config[field];
    if (!Array.isArray(argv)) continue;
    argv.forEach((arg: unknown, i) => {
      if (typeof arg === 'string' && hasNul(arg)) problems.push({ field: `${field}.${i}`, message: 'must not contain NUL' });
    });
  }
  if (typeof config.working_dir === 'string' && hasNul(config.working_dir)) {
    problems.push({ field: 'working_dir', message: 'must not contain NUL' });
  }
  const portEntries = Object.entries(isStringMap(config.ports) ? config.ports : {}).filter(
    (e): e is [string, string | number] => (typeof e[1] === 'string' || typeof e[1] === 'number') && fresh(`ports.${e[0]}`),
  );
  const ports = parsePortMap(Object.fromEntries(portEntries));
  problems.push(...ports.problems);
  // The checks of nested fields read them typed: each runs only once its field passed the schema.
  const passed = (field: string) => config[field] !== undefined && ![...rejected].some((r) => r === field || r.startsWith(`${field}.`));
  const typed = config as ContainerConfig;
  if (passed('mounts')) problems.push(...checkMounts(typed));
  if (passed('networks')) problems.push(...checkNetworks(typed));
  if (passed('resources')) problems.push(...checkResources(typed));
  if (passed('healthcheck')) problems.push(...checkHealthcheck(typed));
  if (problems.length > 0) throw new ValidationError(problems);
  return { ...(config as ContainerConfig), port_bindings: ports.bindings };
}
