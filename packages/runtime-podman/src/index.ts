export { PodmanContainerManager, podmanBuildIdMatcher, LIBPOD_API_VERSION } from './podman-container-manager.js';
export type { PodmanContainerManagerOptions, PodmanLogger } from './podman-container-manager.js';
export { podmanSocketCandidates, ROOTFUL_PODMAN_SOCKET } from './socket-discovery.js';
