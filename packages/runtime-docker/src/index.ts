export { DockerContainerManager } from './docker-container-manager.js';
export type { DockerContainerManagerOptions } from './docker-container-manager.js';
export { CLIENT_API_VERSION } from './engine/transport.js';
export {
  discoverSocket,
  describeSkipped,
  configuredSocket,
  socketFromEnv,
  dockerSocketCandidates,
  probeSocket,
} from './engine/socket-discovery.js';
export type { SocketCandidate, SocketDiscovery, SkippedSocket, SocketProbe, SocketProbeResult } from './engine/socket-discovery.js';
