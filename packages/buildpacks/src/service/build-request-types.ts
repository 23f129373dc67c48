import type { Static } from 'typebox';
import type { AutoConfig } from '../builtins/auto.js';
import type { ComposeConfig } from '../builtins/compose.js';
import type { DockerfileConfig } from '../builtins/dockerfile.js';
import type { StaticConfig } from '../builtins/static.js';
import type { NixpacksConfig } from '../nixpacks/config.js';

/**
 * The configuration field each `buildpack_type` takes, by type. A custom buildpack adds its own
 * entry through declaration merging, and its requests are then typed like the built-in ones:
 *
 * @example
 * declare module '@mikrocloud/buildpacks' {
 *   interface BuildpackConfigs {
 *     deno: { deno_config?: { entry: string } };
 *   }
 * }
 * builder.build({ git_repo, image_tag, buildpack_type: 'deno', deno_config: { entry: 'main.ts' } });
 */
export interface BuildpackConfigs {
  dockerfile: { dockerfile_config?: Static<typeof DockerfileConfig> };
  static: { static_config?: Static<typeof StaticConfig> };
  'docker-compose': { compose_config?: Static<typeof ComposeConfig> };
  nixpacks: { nixpacks_config?: Static<typeof NixpacksConfig> };
  auto: { auto_config?: Static<typeof AutoConfig> };
}

/** Every `buildpack_type` known to the type system: the built-ins and those merged into {@link BuildpackConfigs}. */
export type BuildpackType = Extract<keyof BuildpackConfigs, string>;

/** The fields every build request has, whatever its buildpack. */
export interface BuildRequestBase {
  /** Unique id; generated when absent. */
  id?: string;
  git_repo: string;
  /** Default: the remote's default branch. */
  git_branch?: string;
  image_tag: string;
  /** Clone submodules too (default false). */
  recurse_submodules?: boolean;
  /** Build without the engine's layer cache. */
  no_cache?: boolean;
  /** After a successful build, push every tag to its registry (the server's credentials); a failed push fails the build. */
  push?: boolean;
}

/** A build request for one buildpack type: the common fields, `buildpack_type: T` and T's config field. */
export type BuildRequestFor<T extends BuildpackType> = BuildRequestBase & { buildpack_type: T } & BuildpackConfigs[T];

/**
 * A build request as clients send it (`POST /api/v1/images/build`): a union discriminated by
 * `buildpack_type`, so a buildpack's config is typed at the call site. Plug-ins loaded at run time
 * without types are reached with {@link UntypedBuildRequest}.
 */
export type BuildRequest = { [T in BuildpackType]: BuildRequestFor<T> }[BuildpackType];

/** A build request whose buildpack the type system does not know (a plug-in without a {@link BuildpackConfigs} entry). */
export type UntypedBuildRequest = BuildRequestBase & { buildpack_type: string; [configKey: string]: unknown };
