import type { Mount, ValidContainerConfig } from '@mikrocloud/core';
import type { EngineContainerInspect, EngineMount } from '../engine/types.js';

const MIB = 1024 * 1024;

/** `HostConfig.Mounts` for a configuration's `mounts` (bind sources already resolved). */
export function toEngineMounts(mounts: ValidContainerConfig['mounts']): EngineMount[] | undefined {
  if (!mounts || mounts.length === 0) return undefined;
  return mounts.map((m): EngineMount => {
    if (m.type === 'tmpfs') {
      return { Type: 'tmpfs', Target: m.target, ...(m.size_mb === undefined ? {} : { TmpfsOptions: { SizeBytes: m.size_mb * MIB } }) };
    }
    return { Type: m.type, Source: m.source ?? '', Target: m.target, ReadOnly: m.read_only ?? false };
  });
}

/** `size=1048576,mode=...` (Podman's `HostConfig.Tmpfs` value) → MiB, when a whole number of them. */
function sizeMbOf(bytes: number | undefined): { size_mb?: number } {
  return bytes !== undefined && bytes > 0 && bytes % MIB === 0 ? { size_mb: bytes / MIB } : {};
}

/**
 * A container's mounts as {@link Mount}s: volumes and bind mounts from the resolved `Mounts`;
 * tmpfs mounts from `HostConfig.Mounts` (Docker) or `HostConfig.Tmpfs` (Podman, which lists none
 * in `Mounts`).
 */
export function mountsFromInspect(c: EngineContainerInspect): Mount[] {
  const out: Mount[] = [];
  for (const m of c.Mounts ?? []) {
    if (!m.Destination) continue;
    if (m.Type === 'volume') out.push({ type: 'volume', source: m.Name ?? '', target: m.Destination, read_only: m.RW === false });
    else if (m.Type === 'bind') out.push({ type: 'bind', source: m.Source ?? '', target: m.Destination, read_only: m.RW === false });
  }
  const tmpfs = new Map<string, Mount>();
  for (const m of c.HostConfig?.Mounts ?? []) {
    if (m.Type === 'tmpfs') tmpfs.set(m.Target, { type: 'tmpfs', target: m.Target, ...sizeMbOf(m.TmpfsOptions?.SizeBytes) });
  }
  for (const [target, options] of Object.entries(c.HostConfig?.Tmpfs ?? {})) {
    const size = /(?:^|,)size=([0-9]+)(?:,|$)/.exec(options)?.[1];
    if (!tmpfs.has(target)) tmpfs.set(target, { type: 'tmpfs', target, ...sizeMbOf(size === undefined ? undefined : Number(size)) });
  }
  return [...out, ...tmpfs.values()];
}
