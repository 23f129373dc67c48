import { createNixpacksBuildpack } from '../nixpacks/buildpack.js';
import type { BaseImages } from '../nixpacks/types.js';
import type { Buildpack } from '../plugin/buildpack.js';
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
}

/** The buildpacks mikrocloud ships: `dockerfile`, `static`, `docker-compose`, `nixpacks`. */
export function builtinBuildpacks(options: BuiltinOptions = {}): Buildpack[] {
  const images = options.baseImages ?? {};
  const staticBuildpack = createStaticBuildpack({
    ...(images.node ? { builderImage: images.node } : {}),
    ...(images.nginx ? { nginxImage: images.nginx } : {}),
  });
  const nixpacks = createNixpacksBuildpack({ base_images: images });
  return [dockerfileBuildpack, staticBuildpack, composeBuildpack, nixpacks] as unknown as Buildpack[];
}
