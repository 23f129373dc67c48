import { BuildError, isMikrocloudError, throwIfAborted, type ContainerManager, type PullProgress } from '@mikrocloud/core';
import type { BuiltImage } from '../records/build-record.js';

/**
 * The optional last step of a build: pushes every built tag to its registry with the manager's
 * credentials, logging each layer's steps (not every byte count). Returns the images marked
 * `pushed`. A failed push is a BuildError naming the tag and why, so the build is recorded failed.
 */
export async function pushBuiltImages(
  manager: ContainerManager,
  images: readonly BuiltImage[],
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<BuiltImage[]> {
  const pushed: BuiltImage[] = [];
  for (const image of images) {
    throwIfAborted(signal);
    log(`Pushing ${image.tag}`);
    const onProgress = (p: PullProgress) => {
      if (p.current_bytes === undefined) log(p.layer ? `${p.layer}: ${p.status}` : p.status);
    };
    try {
      await manager.pushImage(image.tag, { signal, onProgress });
    } catch (err) {
      if (signal.aborted) throw err;
      const why = isMikrocloudError(err) || err instanceof Error ? err.message : String(err);
      throw new BuildError(`the build succeeded but pushing ${image.tag} failed: ${why}`, { cause: err });
    }
    log(`Pushed ${image.tag}`);
    pushed.push({ ...image, pushed: true });
  }
  return pushed;
}
