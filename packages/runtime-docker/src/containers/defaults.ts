import { isIP } from 'node:net';
import { ValidationError, type ValidContainerConfig } from '@mikrocloud/core';
import type { EngineCreateBody } from '../engine/types.js';

/** Limits and bind address applied to every container a manager creates. */
export interface ContainerDefaults {
  /** `HostConfig.Memory`, in bytes. */
  memoryBytes?: number;
  /** `HostConfig.NanoCpus`: CPUs × 1e9. */
  nanoCpus?: number;
  /** `HostConfig.PidsLimit`. */
  pidsLimit?: number;
  /** Bind address of published ports whose spec names none (`"8080"` rather than `"127.0.0.1:8080"`). */
  hostIp?: string;
}

function positiveInteger(field: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
    throw ValidationError.field(`containerDefaults.${field}`, 'must be a whole number above 0');
  }
}

/** Checks the numbers of {@link ContainerDefaults}; returns a copy. */
export function checkContainerDefaults(defaults: ContainerDefaults | undefined): ContainerDefaults {
  const d = { ...(defaults ?? {}) };
  positiveInteger('memoryBytes', d.memoryBytes);
  positiveInteger('nanoCpus', d.nanoCpus);
  positiveInteger('pidsLimit', d.pidsLimit);
  if (d.hostIp !== undefined && d.hostIp !== '' && isIP(d.hostIp) === 0) {
    throw ValidationError.field('containerDefaults.hostIp', `"${d.hostIp}" is not an IP address`);
  }
  return d;
}

/** Puts the memory, CPU and pids limits on a create body, where the request set none (a request's `resources` win). */
export function applyContainerLimits(body: EngineCreateBody, defaults: ContainerDefaults): EngineCreateBody {
  const host = body.HostConfig;
  // A request's memory_swap_mb comes with its memory_mb (validated), so a default never meets a swap limit.
  if (defaults.memoryBytes !== undefined) host.Memory ??= defaults.memoryBytes;
  if (defaults.nanoCpus !== undefined) host.NanoCpus ??= defaults.nanoCpus;
  if (defaults.pidsLimit !== undefined) host.PidsLimit ??= defaults.pidsLimit;
  return body;
}

function protocolOf(spec: string): string | undefined {
  const slash = spec.indexOf('/');
  return slash < 0 ? undefined : spec.slice(slash + 1).trim().toLowerCase();
}

/**
 * The configuration with `hostIp` as the address of every published port whose spec names no
 * address. Its bindings (and so the ports label) then say where the port really listens.
 */
export function withDefaultHostIp(config: ValidContainerConfig, hostIp: string | undefined): ValidContainerConfig {
  if (!hostIp) return config;
  const unnamed = new Set<string>();
  for (const [key, value] of Object.entries(config.ports ?? {})) {
    const spec = key.trim();
    if (spec.includes(':') || spec.startsWith('[')) continue;
    const port = Number(spec.split('/')[0]);
    unnamed.add(`${port}/${protocolOf(spec) ?? protocolOf(String(value)) ?? 'tcp'}`);
  }
  if (unnamed.size === 0) return config;
  return {
    ...config,
    port_bindings: config.port_bindings.map((b) =>
      b.host_ip === '0.0.0.0' && unnamed.has(`${b.host_port}/${b.protocol}`) ? { ...b, host_ip: hostIp } : b,
    ),
  };
}
