import type { TSchema } from 'typebox';
import type Type from 'typebox';
import type { BuildDetection } from '../records/build-record.js';
import type { BuildWorkspace } from '../workspace/workspace.js';

/** One image for the engine to build, as a buildpack describes it. */
export interface BuildSpec {
  /** Context directory as a path relative to the repository root (`.` for the root). */
  context: string;
  /**
   * The Dockerfile: a path relative to the context, or generated content (added to the context
   * as `.mikrocloud/Dockerfile`). Default `{ path: 'Dockerfile' }`.
   */
  dockerfile?: { path: string } | { content: string };
  /** Generated files added to the context (name relative to the context → content). */
  files?: Record<string, string>;
  buildArgs?: Record<string, string>;
  target?: string;
  /** The tag to apply. */
  tag: string;
}

/** What a buildpack's `build` receives. */
export interface BuildpackContext<C> {
  /** The checked-out repository; resolve every user path through it. */
  workspace: BuildWorkspace;
  /** The buildpack's configuration, already validated against its schema. */
  config: C;
  /** The `image_tag` of the request. */
  imageTag: string;
  buildId: string;
  /**
   * Id prefix for `RUN --mount=type=cache` in a generated Dockerfile, stable per repository (see
   * `packageCacheMounts`). Absent when the engine's builder has no cache mounts (Docker's legacy
   * builder): the Dockerfile must then use no mount syntax.
   */
  cacheScope?: string;
  /** Writes a line to the build's log. */
  log(line: string): void;
  signal: AbortSignal;
  /**
   * Reports what the buildpack detected (`auto`: the buildpack it chose and why; nixpacks: the
   * provider), kept as the build record's `detected` and in the plan's answer. The last report wins.
   */
  detected?(detection: BuildDetection): void;
}

/** A buildpack: how to turn a repository plus a configuration into images. */
export interface Buildpack<S extends TSchema = TSchema> {
  /** The `buildpack_type` requests use (`dockerfile`, `static`, ...). */
  readonly name: string;
  /** The request key holding this buildpack's configuration (`dockerfile_config`). */
  readonly configKey: string;
  /** TypeBox schema of the configuration; unknown fields should be refused (`additionalProperties: false`). */
  readonly configSchema: S;
  /** Whether this buildpack recognises the repository (for automatic selection). */
  readonly detect?: (workspace: BuildWorkspace) => boolean | Promise<boolean>;
  /** The images to build. The first one is the build's result. */
  readonly build: (context: BuildpackContext<Type.Static<S>>) => Promise<BuildSpec | BuildSpec[]>;
  /** What the buildpack would build and why, without building (JSON-safe, no secret values). */
  readonly plan?: (context: BuildpackContext<Type.Static<S>>) => Promise<unknown>;
}

/** What {@link defineBuildpack} takes: `configKey` defaults to `<name>_config` (dashes become underscores). */
export interface BuildpackDefinition<S extends TSchema> {
  name: string;
  configKey?: string;
  configSchema: S;
  detect?: (workspace: BuildWorkspace) => boolean | Promise<boolean>;
  build: (context: BuildpackContext<Type.Static<S>>) => Promise<BuildSpec | BuildSpec[]>;
  plan?: (context: BuildpackContext<Type.Static<S>>) => Promise<unknown>;
}

const namePattern = /^[a-z][a-z0-9-]{0,62}$/;
const keyPattern = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Defines a buildpack. Built-in and custom buildpacks are made this way and registered the same way.
 *
 * @example
 * export default defineBuildpack({
 *   name: 'hello',
 *   configSchema: Type.Object({ greeting: Type.String() }, { additionalProperties: false }),
 *   async build({ config, imageTag }) {
 *     return { context: '.', tag: imageTag, dockerfile: { content: `FROM busybox:latest\nCMD ["echo", ${JSON.stringify(config.greeting)}]\n` } };
 *   },
 * });
 */
export function defineBuildpack<S extends TSchema>(definition: BuildpackDefinition<S>): Buildpack<S> {
  if (!namePattern.test(definition.name)) {
    throw new TypeError(`buildpack name "${definition.name}" must match ${namePattern}`);
  }
  const configKey = definition.configKey ?? `${definition.name.replace(/-/g, '_')}_config`;
  if (!keyPattern.test(configKey)) throw new TypeError(`buildpack config key "${configKey}" must match ${keyPattern}`);
  if (typeof definition.build !== 'function') throw new TypeError(`buildpack "${definition.name}" has no build function`);
  return Object.freeze({
    name: definition.name,
    configKey,
    configSchema: definition.configSchema,
    ...(definition.detect ? { detect: definition.detect } : {}),
    build: definition.build,
    ...(definition.plan ? { plan: definition.plan } : {}),
  });
}

/** Whether a value has the shape of a buildpack (checked structurally, so copies of this package interoperate). */
export function isBuildpack(value: unknown): value is Buildpack {
  const v = value as Partial<Buildpack> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.name === 'string' &&
    typeof v.configKey === 'string' &&
    typeof v.configSchema === 'object' &&
    typeof v.build === 'function'
  );
}
