import type { Buildpack } from '../plugin/buildpack.js';
import { composeBuildpack } from './compose.js';
import { dockerfileBuildpack } from './dockerfile.js';
import { createStaticBuildpack } from './static.js';

/** Server-wide settings of the built-in buildpacks. */
export interface BuiltinOptions {
  /** Base images by role: `node` (static build step), `nginx` (static serving). */
  baseImages?: { node?: string; nginx?: string };
}

/** The buildpacks mikrocloud ships: `dockerfile`, `static`, `docker-compose`. */
export function builtinBuildpacks(options: BuiltinOptions = {}): Buildpack[] {
  const staticBuildpack = createStaticBuildpack({
    ...(options.baseImages?.node ? { builderImage: options.baseImages.node } : {}),
    ...(options.baseImages?.nginx ? { nginxImage: options.baseImages.nginx } : {}),
  });
  return [dockerfileBuildpack, staticBuildpack, composeBuildpack] as unknown as Buildpack[];
}
