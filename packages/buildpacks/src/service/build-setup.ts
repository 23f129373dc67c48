import { randomBytes } from 'node:crypto';
import { redact } from '@mikrocloud/core';
import { builtinBuildpacks } from '../builtins/builtins.js';
import { DEFAULT_ALLOWED_PROTOCOLS } from '../git/repo-url.js';
import { secretsOf, type BuildEnvironment } from '../pipeline/build-environment.js';
import { createBuildpackRegistry, type BuildpackRegistry } from '../plugin/registry.js';
import { createRequestValidator, type BuildRequestValidator } from './build-request.js';

/** What `BuildService` and `createBuilder` share: made once, the same way, by {@link createBuildSetup}. */
export interface BuildSetup {
  readonly registry: BuildpackRegistry;
  readonly validator: BuildRequestValidator;
  /** A fresh id (`build-…`, `plan-…`) for a request that brought none. */
  newId(prefix: 'build' | 'plan'): string;
  /** `text` with every configured secret (the GitHub token and its encodings) masked. */
  redact(text: string): string;
}

/** Options `BuildService` and `createBuilder` share. */
export interface BuildSetupOptions extends BuildEnvironment {
  /** Default: a registry holding the built-in buildpacks. */
  registry?: BuildpackRegistry;
  /**
   * When set, every `image_tag` must start with `<imageNamespace>/` (`apps` → `apps/web:1`);
   * others are refused at submission with a ValidationError naming `image_tag`. Default: unset.
   */
  imageNamespace?: string;
  /**
   * Bytes of log kept per build; past it the build goes on, and the log ends with one line
   * `[mikrocloud] log truncated after N bytes`. Default 16 MiB.
   */
  maxLogBytes?: number;
}

/**
 * The registry (default: the built-in buildpacks), the request validator for the allowed
 * protocols and image namespace, id generation and secret redaction of one build environment.
 */
export function createBuildSetup(options: BuildSetupOptions): BuildSetup {
  const registry =
    options.registry ??
    createBuildpackRegistry(
      builtinBuildpacks({
        ...(options.nixpacksCli ? { nixpacksCli: true } : {}),
        ...(options.nixpacksUser !== undefined ? { nixpacksUser: options.nixpacksUser } : {}),
      }),
    );
  const secrets = secretsOf(options);
  return {
    registry,
    validator: createRequestValidator(registry, {
      allowedProtocols: options.allowedProtocols ?? DEFAULT_ALLOWED_PROTOCOLS,
      ...(options.imageNamespace !== undefined ? { imageNamespace: options.imageNamespace } : {}),
      access: {
        ...(options.allowedGitHosts ? { allowedGitHosts: options.allowedGitHosts } : {}),
        ...(options.ssh ? { ssh: options.ssh } : {}),
      },
    }),
    newId: (prefix) => `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
    redact: (text) => redact(text, secrets),
  };
}

/** The message of anything thrown, redacted. */
export function errorMessage(setup: BuildSetup, error: unknown): string {
  return setup.redact(error instanceof Error ? error.message : String(error));
}
