export { DockerContainerManager } from './docker-container-manager.js';
export type { DockerContainerManagerOptions } from './docker-container-manager.js';
export { CLIENT_API_VERSION } from './engine/transport.js';
export {
  discoverSocket,
  describeSkipped,
  configuredSocket,
  socketFromEnv,
  dockerSocketCandidates,
  dockerHostFromEnv,
  hostCandidate,
  probeSocket,
} from './engine/socket-discovery.js';
export type { DockerHostOptions, SocketCandidate, SocketDiscovery, SkippedSocket, SocketProbe, SocketProbeResult } from './engine/socket-discovery.js';
export { parseEngineHost, endpointAddress, tlsFromEnv } from './engine/endpoint.js';
export type { EngineEndpoint, EngineHostSettings, EngineSshSettings, EngineTlsSettings, ParsedEngineHost } from './engine/endpoint.js';
export type { BuildDefaults, ManagerPolicyOptions } from './manager-policy.js';
export type { ContainerDefaults } from './containers/defaults.js';
export { PULL_POLICIES, registryOf } from './images/policy.js';
export type { PullPolicy } from './images/policy.js';
export { loadDockerConfigCredentials, createCredentialStore, registryAuthHeader } from './images/registry-auth.js';
export type { DockerConfigCredentialOptions, CredentialHelperRunner } from './images/registry-auth.js';
