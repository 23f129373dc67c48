import { Labels, type ContainerDetails, type ContainerInfo, type ContainerState, type PortBinding, type Protocol, type RestartPolicy, type ValidContainerConfig } from '@mikrocloud/core';
import { healthFromInspect, healthFromListStatus, toEngineHealthcheck } from '../health/mapping.js';
import { applyResources, appliedResources } from '../resources/mapping.js';
import type { EngineContainerInspect, EngineContainerSummary, EngineCreateBody, EngineListPort, EnginePortBindings } from '../engine/types.js';
import { applyStorage, storageDetails } from '../volumes/storage-mapping.js';

const STATES = new Set<ContainerState>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);
const PROTOCOLS = new Set<Protocol>(['tcp', 'udp', 'sctp']);

/** Maps an engine state word to the core enum (`Up`/`configured`/`stopped` spellings included). */
export function normaliseState(state: string | undefined): ContainerState {
  const s = (state ?? '').toLowerCase();
  if (STATES.has(s as ContainerState)) return s as ContainerState;
  if (s === 'configured' || s === 'initialized') return 'created';
  if (s === 'stopped' || s === 'stopping') return 'exited';
  return 'unknown';
}

/** The engine's zero time (`0001-01-01T00:00:00Z`) and empty strings become null; others ISO 8601. */
export function engineTime(value: string | undefined): string | null {
  if (!value || value.startsWith('0001-01-01')) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function protocolOf(text: string | undefined): Protocol {
  const p = (text ?? 'tcp').toLowerCase() as Protocol;
  return PROTOCOLS.has(p) ? p : 'tcp';
}

/** `""`, `"::"` and `"0.0.0.0"` all mean every address. */
function normaliseHostIp(ip: string | undefined): string {
  return !ip || ip === '::' || ip === '0.0.0.0' ? '0.0.0.0' : ip;
}

function dedupe(bindings: PortBinding[]): PortBinding[] {
  const seen = new Set<string>();
  return bindings.filter((b) => {
    const key = `${b.host_ip}|${b.host_port}|${b.container_port}|${b.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Ports from a list result: unpublished ports are skipped, and the `0.0.0.0` and `::` entries the
 * engine reports for one dual-stack binding collapse into a single `0.0.0.0` binding.
 */
export function portsFromList(ports: EngineListPort[] | null | undefined): PortBinding[] {
  const out: PortBinding[] = [];
  for (const p of ports ?? []) {
    if (!p.PublicPort) continue;
    out.push({ host_ip: normaliseHostIp(p.IP), host_port: p.PublicPort, container_port: p.PrivatePort, protocol: protocolOf(p.Type) });
  }
  return dedupe(out);
}

/** Ports from `HostConfig.PortBindings` (keys `80/tcp`), the configuration as created. */
export function portsFromBindings(bindings: EnginePortBindings | null | undefined): PortBinding[] {
  const out: PortBinding[] = [];
  for (const [key, hosts] of Object.entries(bindings ?? {})) {
    const [port, proto] = key.split('/');
    const containerPort = Number(port);
    if (!Number.isInteger(containerPort) || containerPort < 1) continue;
    for (const host of hosts ?? []) {
      const hostPort = Number(host.HostPort);
      if (!host.HostPort || !Number.isInteger(hostPort) || hostPort < 1) continue;
      out.push({ host_ip: normaliseHostIp(host.HostIp), host_port: hostPort, container_port: containerPort, protocol: protocolOf(proto) });
    }
  }
  return dedupe(out);
}

/** Reads the ports label written at creation; undefined when absent or unreadable. */
export function portsFromLabel(labels: Record<string, string> | null | undefined): PortBinding[] | undefined {
  const text = labels?.[Labels.ports];
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) return undefined;
    return parsed.filter(
      (b): b is PortBinding =>
        typeof b === 'object' && b !== null && typeof b.host_ip === 'string' && Number.isInteger(b.host_port) && Number.isInteger(b.container_port) && PROTOCOLS.has(b.protocol),
    );
  } catch {
    return undefined;
  }
}

/** `on-failure:3` → `{Name: 'on-failure', MaximumRetryCount: 3}`. */
export function restartPolicyToEngine(policy: RestartPolicy): { Name: string; MaximumRetryCount?: number } {
  const [name, count] = policy.split(':');
  if (name === 'on-failure') return { Name: 'on-failure', MaximumRetryCount: count ? Number(count) : 0 };
  return { Name: name ?? 'no' };
}

/** The engine's restart policy back in the string form; an empty name means `no`. */
export function restartPolicyFromEngine(policy: { Name?: string; MaximumRetryCount?: number } | null | undefined): RestartPolicy {
  const name = policy?.Name || 'no';
  if (name === 'on-failure') return policy?.MaximumRetryCount ? `on-failure:${policy.MaximumRetryCount}` : 'on-failure';
  return name === 'always' || name === 'unless-stopped' ? name : 'no';
}

/** `["A=1", "B=x=y"]` → `{A: "1", B: "x=y"}`. */
export function envToRecord(env: string[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of env ?? []) {
    const eq = entry.indexOf('=');
    if (eq === -1) out[entry] = '';
    else out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

function argv(value: string[] | string | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The labels mikrocloud puts on every container it creates, user labels first. */
export function managedLabels(config: ValidContainerConfig): Record<string, string> {
  return {
    ...(config.labels ?? {}),
    [Labels.managed]: 'true',
    [Labels.image]: config.image,
    [Labels.ports]: JSON.stringify(config.port_bindings),
  };
}

/** The `POST /containers/create` body for a validated configuration. */
export function toCreateBody(config: ValidContainerConfig, image: string = config.image): EngineCreateBody {
  const exposed: EngineCreateBody['ExposedPorts'] = {};
  const bindings: EngineCreateBody['HostConfig']['PortBindings'] = {};
  for (const b of config.port_bindings) {
    const key = `${b.container_port}/${b.protocol}`;
    exposed[key] = {};
    // The engine spells "every address" as an empty HostIp.
    (bindings[key] ??= []).push({ HostIp: b.host_ip === '0.0.0.0' ? '' : b.host_ip, HostPort: String(b.host_port) });
  }
  const body: EngineCreateBody = {
    Image: image,
    Labels: managedLabels(config),
    ExposedPorts: exposed,
    HostConfig: { PortBindings: bindings },
  };
  if (config.environment) body.Env = Object.entries(config.environment).map(([k, v]) => `${k}=${v}`);
  if (config.command) body.Cmd = config.command;
  if (config.entrypoint) body.Entrypoint = config.entrypoint;
  if (config.working_dir) body.WorkingDir = config.working_dir;
  if (config.tty !== undefined) body.Tty = config.tty;
  if (config.restart_policy) body.HostConfig.RestartPolicy = restartPolicyToEngine(config.restart_policy);
  if (config.healthcheck) body.Healthcheck = toEngineHealthcheck(config.healthcheck);
  return applyResources(applyStorage(body, config), config.resources);
}

/** How an engine's answers are normalised; engines that differ pass their own functions. */
export interface ContainerMappers {
  state: (engineState: string | undefined) => ContainerState;
  imageName: (engineImage: string) => string;
  listPorts: (ports: EngineListPort[] | null | undefined) => PortBinding[];
}

/** Docker's mappers: states as they are, image names as they are, list ports with their IP. */
export const defaultMappers: ContainerMappers = { state: normaliseState, imageName: (image) => image, listPorts: portsFromList };

/** One list entry → {@link ContainerInfo}, with no further engine call. */
export function toContainerInfo(c: EngineContainerSummary, mappers: ContainerMappers = defaultMappers): ContainerInfo {
  const labels = c.Labels ?? {};
  const name = (c.Names?.[0] ?? '').replace(/^\//, '');
  return {
    id: c.Id,
    name,
    image: labels[Labels.image] ?? mappers.imageName(c.Image ?? ''),
    state: mappers.state(c.State),
    status: c.Status ?? c.State ?? '',
    ports: portsFromLabel(labels) ?? mappers.listPorts(c.Ports),
    labels,
    created_at: new Date((c.Created ?? 0) * 1000).toISOString(),
    health: healthFromListStatus(c.Status),
  };
}

function describeStatus(state: ContainerState, exitCode: number | null, startedAt: string | null, finishedAt: string | null): string {
  if (state === 'running' && startedAt) return `running since ${startedAt}`;
  if (state === 'exited' && exitCode !== null) return `exited (${exitCode})${finishedAt ? ` at ${finishedAt}` : ''}`;
  return state;
}

/** An inspect result → {@link ContainerDetails}. */
export function toContainerDetails(c: EngineContainerInspect, mappers: ContainerMappers = defaultMappers): ContainerDetails {
  const labels = c.Config?.Labels ?? {};
  const state = mappers.state(c.State?.Status);
  const startedAt = engineTime(c.State?.StartedAt);
  const finishedAt = engineTime(c.State?.FinishedAt);
  // An exit code only means something once the container has run and stopped at least once.
  const exitCode = startedAt === null || (state === 'running' && finishedAt === null) ? null : (c.State?.ExitCode ?? null);
  return {
    id: c.Id,
    name: (c.Name ?? '').replace(/^\//, ''),
    image: labels[Labels.image] ?? mappers.imageName(c.Config?.Image ?? c.Image ?? ''),
    state,
    status: describeStatus(state, exitCode, startedAt, finishedAt),
    ports: portsFromBindings(c.HostConfig?.PortBindings),
    labels,
    created_at: engineTime(c.Created) ?? new Date(0).toISOString(),
    image_id: c.Image ?? '',
    environment: envToRecord(c.Config?.Env),
    restart_policy: restartPolicyFromEngine(c.HostConfig?.RestartPolicy),
    restart_count: c.RestartCount ?? 0,
    command: argv(c.Config?.Cmd),
    entrypoint: argv(c.Config?.Entrypoint),
    // No working directory means the root: Docker says "", Podman "/"; both report "/".
    working_dir: c.Config?.WorkingDir || '/',
    tty: c.Config?.Tty ?? false,
    exit_code: exitCode,
    started_at: startedAt,
    finished_at: finishedAt,
    ...storageDetails(c),
    health: healthFromInspect(c),
    resources: appliedResources(c.HostConfig),
  };
}

