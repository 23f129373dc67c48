import type { RuntimeInfo } from '@mikrocloud/core';
import type { EngineInfo, EngineVersion } from './types.js';

/** `info()`'s answer from the engine's `/version` and `/info`. */
export function runtimeInfoOf(
  runtime: string,
  socketPath: string,
  rootless: boolean,
  version: EngineVersion,
  info: EngineInfo,
  warnings: string[],
): RuntimeInfo {
  return {
    runtime,
    socket_path: socketPath,
    rootless,
    version: version.Version ?? info.ServerVersion ?? '',
    api_version: version.ApiVersion ?? '',
    os: version.Os ?? info.OSType ?? '',
    arch: version.Arch ?? info.Architecture ?? '',
    kernel_version: version.KernelVersion ?? info.KernelVersion ?? '',
    cpus: info.NCPU ?? 0,
    memory_bytes: info.MemTotal ?? 0,
    cgroup_version: info.CgroupVersion ?? '',
    storage_driver: info.Driver ?? '',
    warnings,
  };
}
