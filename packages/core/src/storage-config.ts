import { posix } from 'node:path';
import type { FieldProblem } from './errors.js';
import { ValidationError } from './errors.js';
import { checkLabelKey, hasNul } from './grammar/names.js';
import { LABEL_PREFIX, Labels } from './labels.js';
import type { ContainerConfig } from './schemas/container.js';
import { NetworkConnection, NetworkSpec, VolumeSpec } from './schemas/storage.js';
import { createValidator } from './validation.js';

// Grammars and checks of volumes, mounts and networks. Host paths are only checked for form
// here; whether a bind source lies under an allowed root is the manager's business (it needs the
// host's file system).

/** Docker's grammar of network names and aliases: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`. */
const networkNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** Docker's grammar of volume names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`. */
const volumeNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** Network names the engines keep for themselves; a managed network may not take them. */
export const RESERVED_NETWORK_NAMES: readonly string[] = ['bridge', 'host', 'none', 'default', 'podman'];

/** Returns why `name` is not a valid network name (or alias), or undefined when it is. */
export function checkNetworkName(name: string): string | undefined {
  if (name.length > 128) return 'must be at most 128 characters';
  if (!networkNamePattern.test(name)) return 'must be characters from [a-zA-Z0-9_.-], starting with a letter or digit';
  return undefined;
}

/** Returns why `name` is not a valid volume name, or undefined when it is. */
export function checkVolumeName(name: string): string | undefined {
  if (name.length > 128) return 'must be at most 128 characters';
  if (!volumeNamePattern.test(name)) return 'must be 2 or more characters from [a-zA-Z0-9_.-], starting with a letter or digit';
  return undefined;
}

/** Returns why `path` is not an absolute, normalised path (no `..`, no `//`, no trailing `/`, no NUL), or undefined. */
export function checkAbsolutePath(path: string): string | undefined {
  if (hasNul(path)) return 'must not contain NUL';
  if (!path.startsWith('/')) return 'must be an absolute path';
  if (path.split('/').includes('..')) return 'must not contain ".."';
  if (path !== '/' && posix.normalize(path) !== path) return `must be normalised (${posix.normalize(path).replace(/(.)\/$/, '$1')})`;
  if (path.length > 1 && path.endsWith('/')) return 'must not end with "/"';
  return undefined;
}

/** Problems of user labels on a volume or network (reserved keys, grammar, NUL). */
export function checkUserLabels(labels: Record<string, string> | undefined, field = 'labels'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const why = checkLabelKey(key);
    if (why) problems.push({ field: `${field}.${key}`, message: why });
    else if (key.startsWith(LABEL_PREFIX) && key !== Labels.test) {
      problems.push({ field: `${field}.${key}`, message: `keys starting with "${LABEL_PREFIX}" are reserved` });
    }
    if (hasNul(value)) problems.push({ field: `${field}.${key}`, message: 'must not contain NUL' });
  }
  return problems;
}

function checkAliases(aliases: string[] | undefined, field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  aliases?.forEach((alias, i) => {
    const why = checkNetworkName(alias);
    if (why) problems.push({ field: `${field}.${i}`, message: why });
  });
  return problems;
}

type MountInput = NonNullable<ContainerConfig['mounts']>[number];

/** Which fields each mount type takes. */
function checkMountFields(mount: MountInput, i: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (mount.type === 'tmpfs') {
    if (mount.source !== undefined) problems.push({ field: `mounts.${i}.source`, message: 'a tmpfs mount has no source' });
    if (mount.read_only !== undefined) problems.push({ field: `mounts.${i}.read_only`, message: 'a tmpfs mount is always writable' });
  } else {
    if (mount.source === undefined) problems.push({ field: `mounts.${i}.source`, message: 'is required' });
    if (mount.size_mb !== undefined) problems.push({ field: `mounts.${i}.size_mb`, message: 'only a tmpfs mount has a size' });
  }
  return problems;
}

/** The problems of a configuration's `mounts`: names, paths, duplicate targets. */
export function checkMounts(config: Pick<ContainerConfig, 'mounts'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const targets = new Map<string, number>();
  config.mounts?.forEach((mount, i) => {
    const why = checkAbsolutePath(mount.target);
    if (why) problems.push({ field: `mounts.${i}.target`, message: why });
    else if (mount.target === '/') problems.push({ field: `mounts.${i}.target`, message: 'must not be /' });
    const earlier = targets.get(mount.target);
    if (earlier !== undefined) problems.push({ field: `mounts.${i}.target`, message: `is already the target of mounts.${earlier}` });
    else targets.set(mount.target, i);
    problems.push(...checkMountFields(mount, i));
    if (mount.source === undefined) return;
    if (mount.type === 'volume') {
      const bad = checkVolumeName(mount.source);
      if (bad) problems.push({ field: `mounts.${i}.source`, message: bad });
    } else if (mount.type === 'bind') {
      const bad = checkAbsolutePath(mount.source);
      if (bad) problems.push({ field: `mounts.${i}.source`, message: bad });
      else if (mount.source === '/') problems.push({ field: `mounts.${i}.source`, message: 'must not be /' });
    }
  });
  return problems;
}

/** The problems of a configuration's `networks`: names, aliases, duplicates. */
export function checkNetworks(config: Pick<ContainerConfig, 'networks'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  config.networks?.forEach((network, i) => {
    const why = checkNetworkName(network.name);
    if (why) problems.push({ field: `networks.${i}.name`, message: why });
    if (seen.has(network.name)) problems.push({ field: `networks.${i}.name`, message: 'is listed twice' });
    seen.add(network.name);
    problems.push(...checkAliases(network.aliases, `networks.${i}.aliases`));
  });
  return problems;
}

const volumeSpec = createValidator(VolumeSpec);
const networkSpec = createValidator(NetworkSpec);
const networkConnection = createValidator(NetworkConnection);

/** Checks what `createVolume` is asked for; throws a ValidationError naming every field at fault. */
export function validateVolumeSpec(input: unknown): VolumeSpec {
  const spec = volumeSpec.parse(input ?? {});
  const problems = checkUserLabels(spec.labels);
  if (spec.name !== undefined) {
    const why = checkVolumeName(spec.name);
    if (why) problems.unshift({ field: 'name', message: why });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return spec;
}

/** Checks what `createNetwork` is asked for: the name's grammar, reserved names, labels. */
export function validateNetworkSpec(input: unknown): NetworkSpec {
  const spec = networkSpec.parse(input);
  const problems = checkUserLabels(spec.labels);
  const why = checkNetworkName(spec.name) ?? (RESERVED_NETWORK_NAMES.includes(spec.name) ? `"${spec.name}" is reserved by the engine` : undefined);
  if (why) problems.unshift({ field: 'name', message: why });
  if (problems.length > 0) throw new ValidationError(problems);
  return spec;
}

/** Checks a connect or disconnect body (`container`, `aliases`, `force`). */
export function validateNetworkConnection(input: unknown): NetworkConnection {
  const body = networkConnection.parse(input);
  const problems = checkAliases(body.aliases, 'aliases');
  if (!networkNamePattern.test(body.container) && !/^\/[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(body.container)) {
    problems.unshift({ field: 'container', message: 'must be a container id or name' });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return body;
}

/** A network or volume name given to a by-name call, checked (a ValidationError naming `field`). */
export function checkObjectName(kind: 'network' | 'volume', name: string, field = 'name'): string {
  const why = typeof name !== 'string' ? 'must be a string' : checkNetworkName(name);
  if (why) throw ValidationError.field(field, `"${String(name)}" is not a ${kind} name: ${why}`);
  return name;
}
