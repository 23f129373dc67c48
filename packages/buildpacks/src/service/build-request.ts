import Type from 'typebox';
import { createValidator, parseImageReference, ValidationError, type FieldProblem, type Validator } from '@mikrocloud/core';
import { checkRefName } from '../git/refs.js';
import { checkRepoAccess, DEFAULT_ALLOWED_PROTOCOLS, parseRepoUrl, type GitProtocol, type RepoAccess, type RepoLocation } from '../git/repo-url.js';
import type { Buildpack } from '../plugin/buildpack.js';
import type { BuildpackRegistry } from '../plugin/registry.js';

/** The grammar of build ids: they appear in paths, labels and URLs. */
export const BUILD_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$';

/** A build request as clients send it (`POST /api/v1/images/build`). */
export interface BuildRequest {
  /** Unique id; generated when absent. */
  id?: string;
  git_repo: string;
  /** Default: the remote's default branch. */
  git_branch?: string;
  buildpack_type: string;
  image_tag: string;
  /** Clone submodules too (default false). */
  recurse_submodules?: boolean;
  /** Build without the engine's layer cache. */
  no_cache?: boolean;
  /** `<configKey>` of the chosen buildpack (e.g. `dockerfile_config`). */
  [configKey: string]: unknown;
}

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

/** Validates build requests against the registry as it is now (recompiled when buildpacks are added). */
export function createRequestValidator(
  registry: BuildpackRegistry,
  allowedProtocols: readonly GitProtocol[] = DEFAULT_ALLOWED_PROTOCOLS,
  access: RepoAccess = {},
): BuildRequestValidator {
  let compiled: { version: number; validator: Validator<unknown> } | undefined;
  const validator = () => {
    if (compiled?.version !== registry.version) {
      compiled = { version: registry.version, validator: createValidator(buildRequestSchema(registry)) as Validator<unknown> };
    }
    return compiled.validator;
  };
  return {
    /** Returns the request checked and typed, or throws a ValidationError naming every field at fault. */
    parse(body: unknown): ValidBuildRequest {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw ValidationError.field('', 'the request body must be a JSON object');
      }
      const input = body as Record<string, unknown>;
      const problems: FieldProblem[] = [];
      const type = input.buildpack_type;
      const buildpack = typeof type === 'string' ? registry.get(type) : undefined;
      if (typeof type === 'string' && !buildpack) {
        problems.push({ field: 'buildpack_type', message: `unknown buildpack "${type}" (known: ${registry.names().join(', ')})` });
      }
      if (buildpack) {
        for (const other of registry.list()) {
          if (other !== buildpack && input[other.configKey] !== undefined) {
            problems.push({ field: other.configKey, message: `belongs to buildpack "${other.name}", not "${buildpack.name}"` });
          }
        }
      }
      problems.push(...validator().problems(body));
      if (typeof input.git_repo === 'string') {
        try {
          checkRepoAccess(parseRepoUrl(input.git_repo, allowedProtocols), access);
        } catch (error) {
          if (error instanceof ValidationError) problems.push(...error.problems);
          else throw error;
        }
      }
      if (typeof input.git_branch === 'string') {
        const problem = checkRefName(input.git_branch);
        if (problem) problems.push({ field: 'git_branch', message: problem });
      }
      if (typeof input.image_tag === 'string') {
        const parsed = parseImageReference(input.image_tag);
        if ('error' in parsed) problems.push({ field: 'image_tag', message: parsed.error });
        else if (parsed.digest) problems.push({ field: 'image_tag', message: 'must be a tag, not a digest' });
      }
      if (problems.length > 0) {
        const seen = new Set<string>();
        throw new ValidationError(problems.filter((p) => !seen.has(`${p.field}\0${p.message}`) && seen.add(`${p.field}\0${p.message}`)));
      }
      const config = input[buildpack!.configKey] ?? {};
      // An absent configuration must still satisfy the buildpack's schema (required fields).
      const configProblems = createValidator(buildpack!.configSchema).problems(config);
      if (configProblems.length > 0) {
        throw new ValidationError(configProblems.map((p) => ({ field: p.field ? `${buildpack!.configKey}.${p.field}` : buildpack!.configKey, message: p.message })));
      }
      return {
        ...(input.id !== undefined ? { id: input.id as string } : {}),
        gitRepo: input.git_repo as string,
        location: parseRepoUrl(input.git_repo, allowedProtocols),
        ...(input.git_branch !== undefined ? { gitBranch: input.git_branch as string } : {}),
        buildpack: buildpack!,
        config,
        imageTag: input.image_tag as string,
        recurseSubmodules: input.recurse_submodules === true,
        noCache: input.no_cache === true,
      };
    },
  };
}
