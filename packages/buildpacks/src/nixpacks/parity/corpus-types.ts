/** What Nixpacks planned for one of its example apps (the four fields the comparison looks at). */
export interface NixpacksPlanFields {
  provider: string;
  install?: string;
  build?: string;
  start?: string;
}

/**
 * One example app of Nixpacks' repository: the files that decide its plan (manifests, lockfile
 * headers, entry points, Procfile …, reduced to what detection reads) and the plan Nixpacks'
 * snapshot tests record for it.
 */
export interface ParityExample {
  name: string;
  /** The language family the comparison counts it under. */
  family: 'node' | 'python' | 'go' | 'static' | 'other';
  files: Record<string, string>;
  nixpacks: NixpacksPlanFields;
  /** For `other`: what the refusal must name (e.g. `PHP`). */
  recognised?: string;
}

/** A package.json body. */
export const pkg = (body: object): string => JSON.stringify({ name: 'app', version: '1.0.0', ...body }, null, 2);
