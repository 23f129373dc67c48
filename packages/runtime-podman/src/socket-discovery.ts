import { configuredSocket, socketFromEnv, type SocketCandidate } from '@mikrocloud/runtime-docker';

/** Rootful Podman's system service socket. */
export const ROOTFUL_PODMAN_SOCKET = '/run/podman/podman.sock';

/**
 * Podman's chain: the `socketPath` option (authoritative when set: a configured socket is never
 * swapped for another engine's), `CONTAINER_HOST` (`unix://` only), the rootless user service at
 * `$XDG_RUNTIME_DIR/podman/podman.sock`, then the rootful one at `/run/podman/podman.sock`.
 */
export function podmanSocketCandidates(socketPath: string | undefined, env: NodeJS.ProcessEnv, socketPathSource = 'socketPath option'): SocketCandidate[] {
  const runtimeDir = env.XDG_RUNTIME_DIR?.trim();
  return [
    configuredSocket(socketPathSource, socketPath, true),
    socketFromEnv(env, 'CONTAINER_HOST'),
    runtimeDir
      ? configuredSocket('XDG_RUNTIME_DIR (rootless)', `${runtimeDir.replace(/\/+$/, '')}/podman/podman.sock`)
      : { source: 'XDG_RUNTIME_DIR (rootless)', unusable: 'XDG_RUNTIME_DIR not set' },
    configuredSocket('default (rootful)', ROOTFUL_PODMAN_SOCKET),
  ];
}
