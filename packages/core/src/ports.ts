import type { FieldProblem } from './errors.js';
import type { PortBinding, PortMap, Protocol } from './schemas/container.js';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function splitProtocol(text: string): { port: string; protocol?: string } {
  const slash = text.lastIndexOf('/');
  if (slash === -1) return { port: text };
  return { port: text.slice(0, slash), protocol: text.slice(slash + 1).toLowerCase() };
}

function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(text: string): boolean {
  return /^[0-9a-fA-F:.]+$/.test(text) && text.includes(':') && text.split('::').length <= 2;
}

/**
 * Turns a port map (`{"8080": "80", "127.0.0.1:5353/udp": "53/udp"}`) into bindings, checking
 * every entry. Keys are the host side, values the container side: the direction of
 * `docker run -p HOST:CONTAINER`.
 */
export function parsePortMap(ports: PortMap, field = 'ports'): { bindings: PortBinding[]; problems: FieldProblem[] } {
  const bindings: PortBinding[] = [];
  const problems: FieldProblem[] = [];
  const taken = new Map<string, string>();
  for (const [key, rawValue] of Object.entries(ports)) {
    const at = `${field}.${key}`;
    const fail = (message: string) => problems.push({ field: at, message });

    let hostPart = key.trim();
    let hostIp = '0.0.0.0';
    const v6 = /^\[([^\]]+)\]:(.+)$/.exec(hostPart);
    if (v6) {
      if (!isIPv6(v6[1] ?? '')) {
        fail(`"${v6[1]}" is not an IPv6 address`);
        continue;
      }
      hostIp = v6[1] ?? '';
      hostPart = v6[2] ?? '';
    } else if (hostPart.includes(':')) {
      const colon = hostPart.lastIndexOf(':');
      const ip = hostPart.slice(0, colon);
      if (!isIPv4(ip)) {
        fail(`"${ip}" is not an IPv4 address (write IPv6 addresses as [addr]:port)`);
        continue;
      }
      hostIp = ip;
      hostPart = hostPart.slice(colon + 1);
    }
    const host = splitProtocol(hostPart);
    const container = splitProtocol(String(rawValue).trim());
    const hostPort = parsePort(host.port);
    const containerPort = parsePort(container.port);
    if (hostPort === undefined) {
      fail(`host port "${host.port}" must be a number from 1 to 65535`);
      continue;
    }
    if (containerPort === undefined) {
      fail(`container port "${String(rawValue)}" must be a number from 1 to 65535, optionally with /tcp, /udp or /sctp`);
      continue;
    }
    for (const p of [host.protocol, container.protocol]) {
      if (p !== undefined && !PROTOCOLS.has(p)) fail(`protocol "${p}" must be tcp, udp or sctp`);
    }
    if (host.protocol && container.protocol && host.protocol !== container.protocol) {
      fail(`protocols differ: host side "${host.protocol}", container side "${container.protocol}"`);
      continue;
    }
    const protocol = (container.protocol ?? host.protocol ?? 'tcp') as Protocol;
    if (!PROTOCOLS.has(protocol)) continue;
    const slot = `${hostIp}:${hostPort}/${protocol}`;
    const previous = taken.get(slot);
    if (previous !== undefined) {
      fail(`host port ${slot} is already published by "${previous}"`);
      continue;
    }
    taken.set(slot, key);
    bindings.push({ host_ip: hostIp, host_port: hostPort, container_port: containerPort, protocol });
  }
  return { bindings, problems };
}
