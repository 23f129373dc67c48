import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConflictError } from '@mikrocloud/core';
import { isBuildpack, type Buildpack } from './buildpack.js';
import type { BuildWorkspace } from '../workspace/workspace.js';

/** The buildpacks a server knows, by name. */
export interface BuildpackRegistry {
  /** Adds a buildpack; a name or config key already taken is a ConflictError. */
  register(buildpack: Buildpack): void;
  get(name: string): Buildpack | undefined;
  list(): Buildpack[];
  names(): string[];
  /** The first buildpack whose `detect` recognises the workspace. */
  detect(workspace: BuildWorkspace): Promise<Buildpack | undefined>;
  /** Increases on every registration, so callers can cache what they derive from the registry. */
  readonly version: number;
}

/**
 * Creates a registry holding the given buildpacks (usually {@link builtinBuildpacks}).
 *
 * @example
 * const registry = createBuildpackRegistry(builtinBuildpacks());
 * registry.register(myBuildpack);
 */
export function createBuildpackRegistry(initial: Iterable<Buildpack> = []): BuildpackRegistry {
  const byName = new Map<string, Buildpack>();
  let version = 0;
  const registry: BuildpackRegistry = {
    register(buildpack) {
      if (!isBuildpack(buildpack)) throw new TypeError('not a buildpack (make one with defineBuildpack)');
      if (byName.has(buildpack.name)) throw new ConflictError(`a buildpack named "${buildpack.name}" is already registered`);
      for (const other of byName.values()) {
        if (other.configKey === buildpack.configKey) {
          throw new ConflictError(`config key "${buildpack.configKey}" is already used by buildpack "${other.name}"`);
        }
      }
      byName.set(buildpack.name, buildpack);
      version++;
    },
    get: (name) => byName.get(name),
    list: () => [...byName.values()],
    names: () => [...byName.keys()],
    async detect(workspace) {
      for (const buildpack of byName.values()) {
        if (buildpack.detect && (await buildpack.detect(workspace))) return buildpack;
      }
      return undefined;
    },
    get version() {
      return version;
    },
  };
  for (const buildpack of initial) registry.register(buildpack);
  return registry;
}

/**
 * Imports buildpack modules (the server's `buildpacks = ["./path/to/module.js"]`) and registers
 * each one's default export, or its named export `buildpack`. Relative paths resolve against `baseDir`.
 */
export async function loadBuildpackModules(registry: BuildpackRegistry, specifiers: readonly string[], baseDir = process.cwd()): Promise<Buildpack[]> {
  const loaded: Buildpack[] = [];
  for (const specifier of specifiers) {
    const target = specifier.startsWith('.') || path.isAbsolute(specifier) ? pathToFileURL(path.resolve(baseDir, specifier)).href : specifier;
    const mod = (await import(target)) as { default?: unknown; buildpack?: unknown };
    const candidate = isBuildpack(mod.default) ? mod.default : mod.buildpack;
    if (!isBuildpack(candidate)) {
      throw new TypeError(`buildpack module "${specifier}" exports no buildpack (default export or named "buildpack")`);
    }
    registry.register(candidate);
    loaded.push(candidate);
  }
  return loaded;
}
