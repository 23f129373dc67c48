export { DockerContainerManager } from './docker-container-manager.js';
export type { DockerContainerManagerOptions } from './docker-container-manager.js';
export { CLIENT_API_VERSION } from './engine-api-container-manager.js';
export {
  discoverSocket,
  describeSkipped,
  configuredSocket,
  socketFromEnv,
  dockerSocketCandidates,
  probeSocket,
} from './socket-discovery.js';
export type { SocketCandidate, SocketDiscovery, SkippedSocket, SocketProbe, SocketProbeResult } from './socket-discovery.js';
