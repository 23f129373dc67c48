import type { CallOptions } from '../container-manager.js';
import type { ImageInfo } from '../schemas/runtime.js';
import type { ImagePruneResult } from '../schemas/image-housekeeping.js';

/** Options of {@link ImageHousekeeping.pruneImages}. */
export interface PruneImagesOptions extends CallOptions {
  /** List what would be removed, and remove nothing. Default false. */
  dryRun?: boolean;
}

/**
 * The images this installation built: those carrying `io.mikrocloud.build.id` (and, for a
 * manager with an instance id, `io.mikrocloud.instance=<id>`). Never any other image.
 */
export interface ImageHousekeeping {
  /** The images this installation built, newest first. */
  listImages(options?: CallOptions): Promise<ImageInfo[]>;
  /**
   * Removes the images this installation built that no container (of any owner) uses. Never a
   * host-wide prune: base images and other programs' images are not touched.
   *
   * @example
   * const { removed } = await manager.pruneImages({ dryRun: true });
   */
  pruneImages(options?: PruneImagesOptions): Promise<ImagePruneResult>;
}
