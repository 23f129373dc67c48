import type { CallOptions } from '../container-manager.js';
import type { PullProgress, RegistryAuth } from '../schemas/registry.js';
import type { ImageInfo } from '../schemas/runtime.js';

/**
 * Where a manager finds registry credentials when a call brings none: by registry host
 * (`docker.io` for Docker Hub names, `localhost:5443`, `ghcr.io`). `loadDockerConfigCredentials`
 * in the runtime packages reads Docker's `config.json` into one.
 */
export interface RegistryCredentialStore {
  /** The credentials for `registry` (lower-case host[:port]), or undefined when there are none. */
  get(registry: string): Promise<RegistryAuth | undefined>;
}

/** Options of {@link RegistryOperations.pullImage} and {@link RegistryOperations.pushImage}. */
export interface RegistryTransferOptions extends CallOptions {
  /** Credentials for this call; otherwise the manager's credential store is asked. */
  auth?: RegistryAuth;
  /** Called with each progress step the engine reports (per layer). */
  onProgress?: (progress: PullProgress) => void;
}

/** Options of {@link RegistryOperations.pushImage}. */
export interface PushOptions extends RegistryTransferOptions {
  /**
   * Push an image no build of this installation made. Honoured only by a manager constructed
   * with `includeUnmanaged: true`. Default false: such an image answers as a missing one.
   */
  includeUnmanaged?: boolean;
}

/** Pulling images from and pushing them to registries. */
export interface RegistryOperations {
  /**
   * Pulls `ref` (a tag or digest; no tag means `latest`) and returns the image. A registry
   * outside the manager's allowed registries is a ForbiddenError before any request; refused
   * credentials are a ForbiddenError and a missing image a NotFoundError, both naming the
   * registry and never the credentials.
   */
  pullImage(ref: string, options?: RegistryTransferOptions): Promise<ImageInfo>;
  /**
   * Pushes the local image `ref` to its registry. Only images a build of this installation made
   * (carrying the build label) are pushed; others answer as missing (NotFoundError).
   */
  pushImage(ref: string, options?: PushOptions): Promise<void>;
}
