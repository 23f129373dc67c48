export { createContainerManager, RUNTIME_NAMES } from './create.js';
export type { CreateContainerManagerOptions, RuntimeName } from './create.js';
export { detectRuntime, autoSocketCandidates, defaultStrategies, socketStrategy, identifyEngine } from './detect.js';
export type {
  DetectRuntimeOptions,
  DetectedRuntime,
  DetectedEngine,
  DiscoveryContext,
  DiscoveryStrategy,
  EngineIdentifier,
  StrategyResult,
} from './detect.js';
export { createEngineRegistry, DEFAULT_ENGINE, ENGINE_NAME_PATTERN } from './engine-registry.js';
export type { EngineEntry, EngineRegistry, EngineRegistryOptions, EngineStatus } from './engine-registry.js';
