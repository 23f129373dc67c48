export { PodmanContainerManager, podmanBuildIdMatcher, LIBPOD_API_VERSION } from './podman-container-manager.js';
export type { PodmanContainerManagerOptions, PodmanLogger } from './podman-container-manager.js';
export { podmanSocketCandidates, ROOTFUL_PODMAN_SOCKET } from './socket-discovery.js';
export { detectRuntime, autoSocketCandidates, identifyEngine, createContainerManager } from './auto.js';
export type {
  DetectRuntimeOptions,
  DetectedRuntime,
  DetectedEngine,
  EngineIdentifier,
  CreateContainerManagerOptions,
} from './auto.js';
