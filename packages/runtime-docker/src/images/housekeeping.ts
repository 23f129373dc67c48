import { isMikrocloudError, throwIfAborted, type CallOptions, type ImageInfo, type ImagePruneResult, type PruneImagesOptions } from '@mikrocloud/core';
import type { ContainerScope } from '../containers/operations.js';
import { signalOf, type EngineCalls } from '../engine/transport.js';
import { imageInScope, imageLabelFilters } from '../events/scope.js';

/** One entry of `GET /images/json`. */
interface EngineImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  Size?: number;
  Created?: number;
  Labels?: Record<string, string> | null;
}

const NO_TAG = '<none>:<none>';

function bare(id: string): string {
  return id.replace(/^sha256:/, '');
}

/**
 * `GET /images/json` for the images of the scope: built by mikrocloud (`io.mikrocloud.build.id`)
 * and, with an instance id, by this instance. The engine filters by label; the labels are
 * checked again here, so an engine ignoring the filter cannot widen the answer.
 */
export async function listManagedImages(
  calls: EngineCalls,
  scope: ContainerScope,
  normaliseImageName: (name: string) => string,
  options: CallOptions,
): Promise<ImageInfo[]> {
  const items = await calls.call<EngineImageSummary[]>(
    { method: 'GET', path: '/images/json', query: { filters: JSON.stringify({ label: imageLabelFilters(scope) }) }, ...signalOf(options) },
    { subject: 'images', action: 'list' },
  );
  return (items ?? [])
    .filter((i) => imageInScope(scope, i.Labels))
    .sort((a, b) => (b.Created ?? 0) - (a.Created ?? 0))
    .map((i) => ({
      id: i.Id.startsWith('sha256:') || !/^[0-9a-f]{64}$/.test(i.Id) ? i.Id : `sha256:${i.Id}`,
      tags: (i.RepoTags ?? []).filter((t) => t !== NO_TAG).map(normaliseImageName),
      size_bytes: i.Size ?? 0,
      created_at: new Date((i.Created ?? 0) * 1000).toISOString(),
      labels: i.Labels ?? {},
    }));
}

/**
 * Removes the scope's images no container uses (containers of every owner count, stopped ones
 * too). Each tag is removed without force, so an image a container started using meanwhile is
 * refused by the engine and kept; such an image is left out of `removed`.
 */
export async function pruneManagedImages(
  calls: EngineCalls,
  scope: ContainerScope,
  normaliseImageName: (name: string) => string,
  options: PruneImagesOptions,
): Promise<ImagePruneResult> {
  const dryRun = options.dryRun ?? false;
  const [images, containers] = await Promise.all([
    listManagedImages(calls, scope, normaliseImageName, options),
    calls.call<Array<{ ImageID?: string }>>({ method: 'GET', path: '/containers/json', query: { all: true }, ...signalOf(options) }, { subject: 'containers', action: 'list' }),
  ]);
  const used = new Set((containers ?? []).map((c) => bare(c.ImageID ?? '')));
  const unused = images.filter((i) => !used.has(bare(i.id)));
  if (dryRun) return { removed: unused.map((i) => i.id), dry_run: true };
  const removed: string[] = [];
  for (const image of unused) {
    throwIfAborted(options.signal);
    if (await removeUnforced(calls, image, options)) removed.push(image.id);
  }
  return { removed, dry_run: false };
}

async function removeUnforced(calls: EngineCalls, image: ImageInfo, options: CallOptions): Promise<boolean> {
  try {
    // By tag first: removing a tagged image by id without force is refused when it has several tags.
    for (const tag of image.tags) await calls.call({ method: 'DELETE', path: `/images/${tag.split('/').map(encodeURIComponent).join('/')}`, ...signalOf(options) }, { subject: `image "${tag}"`, action: 'remove' });
    if (image.tags.length === 0) await calls.call({ method: 'DELETE', path: `/images/${encodeURIComponent(image.id)}`, ...signalOf(options) }, { subject: `image "${image.id}"`, action: 'remove' });
    return true;
  } catch (err) {
    if (isMikrocloudError(err) && err.code === 'not_found') return true;
    if (isMikrocloudError(err) && err.code === 'conflict') return false;
    throw err;
  }
}
