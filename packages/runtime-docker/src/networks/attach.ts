import type { ContainerNetwork, ValidContainerConfig } from '@mikrocloud/core';
import type { EngineContainerInspect, EngineCreateBody } from '../engine/types.js';

/**
 * The create body's network fields: the first network of `networks` as the container's network
 * mode and endpoint (with its aliases). Docker before API 1.44 takes one endpoint at creation;
 * the manager connects the others before the container starts.
 */
export function networkCreateFields(networks: ValidContainerConfig['networks']): Pick<EngineCreateBody, 'NetworkingConfig'> & { NetworkMode?: string } {
  const first = networks?.[0];
  if (!first) return {};
  return {
    NetworkMode: first.name,
    NetworkingConfig: { EndpointsConfig: { [first.name]: first.aliases?.length ? { Aliases: first.aliases } : {} } },
  };
}

/**
 * The networks a container is on. The aliases the engine adds itself (the short id, the name)
 * are left out, so `aliases` is what was asked for; the address is null until the container runs.
 */
export function networksFromInspect(c: EngineContainerInspect): ContainerNetwork[] {
  const shortId = c.Id.slice(0, 12);
  const name = (c.Name ?? '').replace(/^\//, '');
  return Object.entries(c.NetworkSettings?.Networks ?? {}).map(([network, endpoint]) => ({
    name: network,
    aliases: (endpoint.Aliases ?? []).filter((a) => a !== shortId && a !== name && a !== c.Id),
    ip_address: endpoint.IPAddress || null,
  }));
}
