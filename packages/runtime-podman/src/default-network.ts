import type { ContainerNetwork } from '@mikrocloud/core';

/**
 * Podman's default network is `podman` in a container's inspect but `bridge` in its compat
 * `GET /networks`, as on Docker; `networks` shows it as `bridge` on both engines.
 */
export function withCompatDefaultNetwork(networks: ContainerNetwork[]): ContainerNetwork[] {
  return networks.map((n) => (n.name === 'podman' ? { ...n, name: 'bridge' } : n));
}
