import Type from 'typebox';
import { BUILD_ID_PATTERN, checkBuildId, checkImageReference, createValidator, nestedProblems, ValidationError, type FieldProblem, type Validator } from '@mikrocloud/core';
import { checkRefName } from '../git/refs.js';
import { checkRepoAccess, DEFAULT_ALLOWED_PROTOCOLS, parseRepoUrl, type GitProtocol, type RepoAccess, type RepoLocation } from '../git/repo-url.js';
import type { Buildpack } from '../plugin/buildpack.js';
import { configFieldProblems } from '../plugin/config-fields.js';
import type { BuildpackRegistry } from '../plugin/registry.js';

/** The grammar of build ids (core's): they appear in paths, labels and URLs. */
export { BUILD_ID_PATTERN };

export type { BuildRequest, BuildRequestBase, BuildRequestFor, BuildpackConfigs, BuildpackType, UntypedBuildRequest } from './build-request-types.js';

/** A request that passed every check, with its buildpack and validated configuration. */
export interface ValidBuildRequest {
  id?: string;
  gitRepo: string;
  location: RepoLocation;
  gitBranch?: string;
  buildpack: Buildpack;
  config: unknown;
  imageTag: string;
  recurseSubmodules: boolean;
  noCache: boolean;
  push: boolean;
}

/** The JSON schema of build requests, composed from the registry: one optional `<configKey>` per buildpack. */
export function buildRequestSchema(registry: BuildpackRegistry) {
  const configs = Object.fromEntries(registry.list().map((bp) => [bp.configKey, Type.Optional(bp.configSchema)]));
  return Type.Object(
    {
      id: Type.Optional(Type.String({ pattern: BUILD_ID_PATTERN })),
      git_repo: Type.String({ minLength: 1, maxLength: 2048 }),
      git_branch: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
      buildpack_type: Type.String({ minLength: 1 }),
      image_tag: Type.String({ minLength: 1, maxLength: 512 }),
      recurse_submodules: Type.Optional(Type.Boolean()),
      no_cache: Type.Optional(Type.Boolean()),
      push: Type.Optional(Type.Boolean({ description: 'push every built tag to its registry after a successful build' })),
      ...configs,
    },
    { additionalProperties: false },
  );
}

/** Checks build requests against a registry (see {@link createRequestValidator}). */
export interface BuildRequestValidator {
  /** Returns the request checked and typed, or throws a ValidationError naming every field at fault. */
  parse(body: unknown): ValidBuildRequest;
}

/** What {@link createRequestValidator} checks besides the registry's schemas. */
export interface RequestValidatorOptions {
  /** Protocols `git_repo` may use. Default `["https", "ssh"]`. */
  allowedProtocols?: readonly GitProtocol[];
  /** When set, every `image_tag` must start with `<imageNamespace>/`. */
  imageNamespace?: string;
  /** Git hosts and ssh settings `git_repo` must fit (see {@link RepoAccess}). Default: any host, ssh refused. */
  access?: RepoAccess;
}

/** Refuses an `imageNamespace` that no image tag could start with. */
function checkImageNamespace(namespace: string): string {
  const trimmed = namespace.replace(/\/+$/, '');
  const parsed = trimmed.length > 0 && !trimmed.startsWith('/') ? checkImageReferenceQuietly(`${trimmed}/x`) : undefined;
  if (!parsed || parsed.tag !== undefined || parsed.digest !== undefined) {
    throw new TypeError(`imageNamespace "${namespace}" must be the start of an image repository (lower-case, like "apps" or "registry.local:5000/team")`);
  }
  return trimmed;
}

function checkImageReferenceQuietly(ref: string) {
  try {
    return checkImageReference(ref, 'image_tag');
  } catch {
    return undefined;
  }
}

/** Runs a core check that throws a ValidationError and adds its problems to `problems`. */
function collect(problems: FieldProblem[], check: () => unknown): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.push(...error.problems);
  }
}

/** Problems of the top-level fields the schema cannot judge: repository URL, ref, image tag, id. */
function requestFieldProblems(
  input: Record<string, unknown>,
  allowedProtocols: readonly GitProtocol[],
  imageNamespace: string | undefined,
  access: RepoAccess,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof input.id === 'string') collect(problems, () => checkBuildId(input.id, 'id'));
  if (typeof input.git_repo === 'string') collect(problems, () => checkRepoAccess(parseRepoUrl(input.git_repo, allowedProtocols), access));
  if (typeof input.git_branch === 'string') {
    const problem = checkRefName(input.git_branch);
    if (problem) problems.push({ field: 'git_branch', message: problem });
  }
  if (typeof input.image_tag === 'string') {
    const tag = input.image_tag;
    collect(problems, () => {
      const parsed = checkImageReference(tag, 'image_tag');
      if (parsed.digest) throw ValidationError.field('image_tag', 'must be a tag, not a digest');
      if (imageNamespace !== undefined && !tag.startsWith(`${imageNamespace}/`)) {
        throw ValidationError.field('image_tag', `must start with "${imageNamespace}/" (the image namespace of this server)`);
      }
    });
  }
  return problems;
}

/**
 * Every problem once, in order; where a grammar check named a field, its words replace the
 * schema's (which can only say which pattern or length failed).
 */
function merge(schemaProblems: readonly FieldProblem[], grammarProblems: readonly FieldProblem[]): FieldProblem[] {
  const named = new Set(grammarProblems.map((p) => p.field));
  const seen = new Set<string>();
  const merged: FieldProblem[] = [];
  for (const p of [...schemaProblems.filter((p) => !named.has(p.field)), ...grammarProblems]) {
    const key = `${p.field}\0${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      merged.push(p);
    }
  }
  return merged;
}

/**
 * Validates build requests against the registry as it is now (recompiled when buildpacks are
 * added): the request schema with every buildpack's config schema, the grammars of the fields a
 * schema cannot judge (repository URL, ref, image tag, build id), and the fields buildpacks declare
 * with {@link ConfigField} (paths, commands, service names, image references). Everything that
 * can be checked without the repository is, and a ValidationError lists every field at fault.
 * The second argument may still be the list of allowed protocols.
 */
export function createRequestValidator(registry: BuildpackRegistry, options: RequestValidatorOptions | readonly GitProtocol[] = {}): BuildRequestValidator {
  const settings: RequestValidatorOptions = Array.isArray(options) ? { allowedProtocols: options as readonly GitProtocol[] } : (options as RequestValidatorOptions);
  const allowedProtocols = settings.allowedProtocols ?? DEFAULT_ALLOWED_PROTOCOLS;
  const imageNamespace = settings.imageNamespace === undefined ? undefined : checkImageNamespace(settings.imageNamespace);
  let compiled: { version: number; request: Validator<unknown>; configs: Map<Buildpack, Validator<unknown>> } | undefined;
  const current = () => {
    if (compiled?.version !== registry.version) {
      compiled = {
        version: registry.version,
        request: createValidator(buildRequestSchema(registry)) as Validator<unknown>,
        configs: new Map(registry.list().map((bp) => [bp, createValidator(bp.configSchema) as Validator<unknown>])),
      };
    }
    return compiled;
  };
  return {
    parse(body: unknown): ValidBuildRequest {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw ValidationError.field('', 'the request body must be a JSON object');
      }
      const input = body as Record<string, unknown>;
      const { request, configs } = current();
      const problems: FieldProblem[] = [];
      const type = input.buildpack_type;
      const buildpack = typeof type === 'string' ? registry.get(type) : undefined;
      if (typeof type === 'string' && !buildpack) {
        problems.push({ field: 'buildpack_type', message: `unknown buildpack "${type}" (known: ${registry.names().join(', ')})` });
      }
      for (const other of registry.list()) {
        if (buildpack && other !== buildpack && input[other.configKey] !== undefined) {
          problems.push({ field: other.configKey, message: `belongs to buildpack "${other.name}", not "${buildpack.name}"` });
        }
      }
      const schemaProblems = request.problems(body);
      if (buildpack && input[buildpack.configKey] === undefined) {
        // An absent configuration must still satisfy the buildpack's schema (required fields).
        schemaProblems.push(...nestedProblems(buildpack.configKey, configs.get(buildpack)?.problems({}) ?? []));
      }
      const grammarProblems = requestFieldProblems(input, allowedProtocols, imageNamespace, settings.access ?? {});
      for (const bp of registry.list()) {
        if (input[bp.configKey] !== undefined) grammarProblems.push(...configFieldProblems(bp.configSchema, input[bp.configKey], bp.configKey));
      }
      problems.push(...merge(schemaProblems, grammarProblems));
      if (problems.length > 0) throw new ValidationError(problems);
      return {
        ...(input.id !== undefined ? { id: input.id as string } : {}),
        gitRepo: input.git_repo as string,
        location: parseRepoUrl(input.git_repo, allowedProtocols),
        ...(input.git_branch !== undefined ? { gitBranch: input.git_branch as string } : {}),
        buildpack: buildpack!,
        config: input[buildpack!.configKey] ?? {},
        imageTag: input.image_tag as string,
        recurseSubmodules: input.recurse_submodules === true,
        noCache: input.no_cache === true,
        push: input.push === true,
      };
    },
  };
}
