export { describeContainerManagerConformance, TEST_RUN_LABEL, CONFORMANCE_GROUPS } from './conformance/index.js';
export type { ConformanceGroup, ContainerManagerConformanceOptions } from './conformance/index.js';
export { eventually, pollUntil, within, freePort } from './poll.js';
export { temporaryBindRoot } from './bind-root.js';
export { readTestRegistry, requireTestRegistry, writeTestRegistryConfig, deleteFromTestRegistry, inTestRegistry, TEST_REGISTRY_ENV_FILE } from './registry.js';
export type { TestRegistry } from './registry.js';
export { hostProcessesMatching } from './processes.js';
export { allSteps, dockerfileSteps, type LoggedStep } from './build-steps.js';
