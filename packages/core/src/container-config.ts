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

/**
 * Checks a container configuration against its schema and against the real grammars of image
 * references, container names, environment names and label keys. Throws a
 * {@link ValidationError} listing every field at fault; nothing invalid reaches an engine.
 */
export function validateContainerConfig(input: unknown): ValidContainerConfig {
  const config = schema.parse(input);
  const problems: FieldProblem[] = [];
  const image = parseImageReference(config.image);
  if ('error' in image) problems.push({ field: 'image', message: image.error });
  if (config.name !== undefined) {
    const why = checkContainerName(config.name);
    if (why) problems.push({ field: 'name', message: why });
  }
  for (const [key, value] of Object.entries(config.environment ?? {})) {
    const why = checkEnvironmentName(key);
    if (why) problems.push({ field: `environment.${key}`, message: why });
    if (hasNul(value)) problems.push({ field: `environment.${key}`, message: 'must not contain NUL' });
  }
  problems.push(...checkUserLabels(config.labels));
  for (const [field, argv] of [
    ['command', config.command],
    ['entrypoint', config.entrypoint],
  ] as const) {
    argv?.forEach((arg, i) => {
      if (hasNul(arg)) problems.push({ field: `${field}.${i}`, message: 'must not contain NUL' });
    });
  }
  if (config.working_dir !== undefined && hasNul(config.working_dir)) {
    problems.push({ field: 'working_dir', message: 'must not contain NUL' });
  }
  const ports = parsePortMap(config.ports ?? {});
  problems.push(...ports.problems);
  problems.push(...checkMounts(config), ...checkNetworks(config));
  problems.push(...checkResources(config), ...checkHealthcheck(config));
  if (problems.length > 0) throw new ValidationError(problems);
  return { ...config, port_bindings: ports.bindings };
}
