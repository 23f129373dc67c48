import { createNixpacksBuildpack } from '../nixpacks/buildpack.js';
import type { BaseImages } from '../nixpacks/types.js';
import type { Buildpack } from '../plugin/buildpack.js';
import { createAutoBuildpack } from './auto.js';
import { composeBuildpack } from './compose.js';
import { dockerfileBuildpack } from './dockerfile.js';
import { createStaticBuildpack } from './static.js';

/** Server-wide settings of the built-in buildpacks. */
export interface BuiltinOptions {
  /**
   * Base images by role (`[build.base_images]`): `node` and `nginx` (static and nixpacks),
   * `python`, `go_builder`, `go_runtime` (nixpacks).
   */
  baseImages?: Partial<Omit<BaseImages, 'node_by_major'>>;
  /** Let the nixpacks buildpack run a `nixpacks` executable found on PATH (`[build] nixpacks_cli`). Default false. */
  nixpacksCli?: boolean;
  /** The user the nixpacks CLI runs as (`[build] nixpacks_user`). Default `nobody`. */
  nixpacksUser?: string;
}

/** The buildpacks mikrocloud ships: `dockerfile`, `static`, `docker-compose`, `nixpacks`, and `auto`, which picks one of them. */
export function builtinBuildpacks(options: BuiltinOptions = {}): Buildpack[] {
  const images = options.baseImages ?? {};
  const staticBuildpack = createStaticBuildpack({
    ...(images.node ? { builderImage: images.node } : {}),
    ...(images.nginx ? { nginxImage: images.nginx } : {}),
  });
  const nixpacks = createNixpacksBuildpack({
    base_images: images,
    ...(options.nixpacksCli ? { cli: true } : {}),
    ...(options.nixpacksUser !== undefined ? { cliUser: options.nixpacksUser } : {}),
  });
  const auto = createAutoBuildpack({
    dockerfile: dockerfileBuildpack as unknown as Buildpack,
    compose: composeBuildpack as unknown as Buildpack,
    nixpacks: nixpacks as unknown as Buildpack,
  });
  return [dockerfileBuildpack, staticBuildpack, composeBuildpack, nixpacks, auto] as unknown as Buildpack[];
}
