import path from 'node:path';
import Type from 'typebox';
import { parse as parseYaml } from 'yaml';
import { isImageReference, parseImageReference, ValidationError } from '@mikrocloud/core';
import { defineBuildpack, type BuildSpec } from '../plugin/buildpack.js';
import { ConfigField } from '../plugin/config-fields.js';
import type { BuildWorkspace } from '../workspace/workspace.js';

/** Configuration of the `docker-compose` buildpack (`compose_config`). */
export const ComposeConfig = Type.Object(
  {
    compose_file: Type.Optional(ConfigField.relativePath({ description: 'default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml' })),
    service: Type.Optional(ConfigField.composeServiceName({ description: 'the service to build; required unless all_services or the file has one buildable service' })),
    all_services: Type.Optional(Type.Boolean({ description: 'build every service with a build section, tagged <image_tag name>-<service>:<tag>' })),
  },
  { additionalProperties: false },
);

/** The `build` section of one compose service, normalised. */
export interface ComposeBuild {
  context: string;
  dockerfile?: string;
  args: Record<string, string>;
  target?: string;
}

export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

function argsOf(value: unknown, field: string): Record<string, string> {
  const args: Record<string, string> = {};
  if (value === undefined || value === null) return args;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item !== 'string') throw ValidationError.field(field, 'list entries must be strings ("NAME=value")');
      const eq = item.indexOf('=');
      // `- NAME` without a value takes it from the environment in compose; there is none here.
      if (eq > 0) args[item.slice(0, eq)] = item.slice(eq + 1);
    }
    return args;
  }
  if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === null || v === undefined) continue;
      if (typeof v === 'object') throw ValidationError.field(`${field}.${key}`, 'must be a string, number or boolean');
      args[key] = String(v);
    }
    return args;
  }
  throw ValidationError.field(field, 'must be a map or a list');
}

/**
 * Parses compose YAML and returns each service's `build` section (services without one map to
 * undefined). Only the build section is read: nothing else in the file (volumes, privileged,
 * ports...) has any effect, because images are built, never run, by this buildpack.
 */
export function parseComposeBuilds(text: string, field = 'compose_config.compose_file'): Map<string, ComposeBuild | undefined> {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100, prettyErrors: false });
  } catch (error) {
    throw ValidationError.field(field, `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const services = (doc as { services?: unknown } | null)?.services;
  if (typeof services !== 'object' || services === null || Array.isArray(services)) {
    throw ValidationError.field(field, 'has no "services" map');
  }
  const result = new Map<string, ComposeBuild | undefined>();
  for (const [name, service] of Object.entries(services as Record<string, unknown>)) {
    const build = (service as { build?: unknown } | null)?.build;
    const where = `services.${name}.build`;
    if (build === undefined || build === null) {
      result.set(name, undefined);
    } else if (typeof build === 'string') {
      result.set(name, { context: build, args: {} });
    } else if (typeof build === 'object' && !Array.isArray(build)) {
      const b = build as Record<string, unknown>;
      if (b.dockerfile_inline !== undefined) throw ValidationError.field(field, `${where}.dockerfile_inline is not supported`);
      for (const key of ['context', 'dockerfile', 'target'] as const) {
        if (b[key] !== undefined && typeof b[key] !== 'string') throw ValidationError.field(field, `${where}.${key} must be a string`);
      }
      result.set(name, {
        context: (b.context as string | undefined) ?? '.',
        ...(b.dockerfile !== undefined ? { dockerfile: b.dockerfile as string } : {}),
        ...(b.target !== undefined ? { target: b.target as string } : {}),
        args: argsOf(b.args, `${field} (${where}.args)`),
      });
    } else {
      throw ValidationError.field(field, `${where} must be a string or a map`);
    }
  }
  return result;
}

/** `app:1` + `web` → `app-web:1` (the tag of one service in an all-services compose build). */
export function serviceTag(imageTag: string, service: string): string {
  const parsed = parseImageReference(imageTag);
  if ('error' in parsed) throw ValidationError.field('image_tag', parsed.error);
  const tag = `${parsed.name}-${service.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}:${parsed.tag ?? 'latest'}`;
  if (!isImageReference(tag)) throw ValidationError.field('image_tag', `cannot derive a valid tag for service "${service}"`);
  return tag;
}

async function specFor(workspace: BuildWorkspace, composeDir: string, name: string, build: ComposeBuild, tag: string): Promise<BuildSpec> {
  const field = `compose_config (services.${name}.build)`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(build.context) || build.context.startsWith('git@')) {
    throw ValidationError.field(field, 'remote build contexts are not supported');
  }
  const contextRel = path.posix.join(composeDir, build.context);
  const contextAbs = await workspace.resolve(contextRel, `${field}.context`);
  if (!(await workspace.isDirectory(contextRel, `${field}.context`))) {
    throw ValidationError.field(`${field}.context`, `"${build.context}" is not a directory in the repository`);
  }
  const dockerfileRel = path.posix.join(contextRel, build.dockerfile ?? 'Dockerfile');
  const dockerfileAbs = await workspace.resolve(dockerfileRel, `${field}.dockerfile`);
  const inContext = path.relative(contextAbs, dockerfileAbs);
  const spec: BuildSpec = {
    context: path.relative(workspace.root, contextAbs) || '.',
    tag,
    buildArgs: build.args,
    ...(build.target ? { target: build.target } : {}),
  };
  if (inContext.startsWith('..') || path.isAbsolute(inContext)) {
    return { ...spec, dockerfile: { content: await workspace.readText(dockerfileRel, `${field}.dockerfile`) } };
  }
  if (!(await workspace.exists(dockerfileRel, `${field}.dockerfile`))) {
    throw ValidationError.field(`${field}.dockerfile`, `"${build.dockerfile ?? 'Dockerfile'}" does not exist in the repository`);
  }
  return { ...spec, dockerfile: { path: inContext.split(path.sep).join('/') } };
}

/** Builds one service (or every service) of a compose file. */
export const composeBuildpack = defineBuildpack({
  name: 'docker-compose',
  configKey: 'compose_config',
  configSchema: ComposeConfig,
  async detect(workspace) {
    for (const name of COMPOSE_FILE_NAMES) if (await workspace.exists(name)) return true;
    return false;
  },
  async build({ workspace, config, imageTag }) {
    let file = config.compose_file;
    if (file === undefined) {
      for (const name of COMPOSE_FILE_NAMES) {
        if (await workspace.exists(name, 'compose_config.compose_file')) {
          file = name;
          break;
        }
      }
      if (file === undefined) {
        throw ValidationError.field('compose_config.compose_file', `no compose file found (looked for ${COMPOSE_FILE_NAMES.join(', ')})`);
      }
    }
    const text = await workspace.readText(file, 'compose_config.compose_file');
    const real = path.relative(workspace.root, await workspace.resolve(file, 'compose_config.compose_file'));
    const composeDir = path.posix.dirname(real.split(path.sep).join('/'));
    const services = parseComposeBuilds(text);
    const buildable = [...services].filter(([, b]) => b !== undefined).map(([n]) => n);
    if (config.all_services) {
      if (buildable.length === 0) throw ValidationError.field('compose_config.all_services', 'no service in the compose file has a build section');
      const specs: BuildSpec[] = [];
      for (const name of buildable) specs.push(await specFor(workspace, composeDir, name, services.get(name)!, serviceTag(imageTag, name)));
      return specs;
    }
    let service = config.service;
    if (service === undefined) {
      if (buildable.length !== 1) {
        throw ValidationError.field('compose_config.service', `is required: the compose file has ${buildable.length} services with a build section (${buildable.join(', ') || 'none'})`);
      }
      service = buildable[0]!;
    }
    if (!services.has(service)) {
      throw ValidationError.field('compose_config.service', `no service "${service}" in ${file} (services: ${[...services.keys()].join(', ')})`);
    }
    const build = services.get(service);
    if (!build) {
      throw ValidationError.field('compose_config.service', `service "${service}" has no build section (services with one: ${buildable.join(', ') || 'none'})`);
    }
    return specFor(workspace, composeDir, service, build, imageTag);
  },
});
