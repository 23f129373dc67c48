/**
 * What a token may do, from least to most. Each scope includes the ones before it:
 * `admin` ⊇ `write` ⊇ `operate` ⊇ `read`.
 *
 * - `read`: list, inspect, logs, build records and logs, runtime info, the OpenAPI document
 * - `operate`: also start, stop and restart containers, and cancel builds
 * - `write`: also create and delete containers, submit builds and plans
 * - `admin`: also read the audit trail (and any route that declares no scope)
 */
export const SCOPES = ['read', 'operate', 'write', 'admin'] as const;
/** One of {@link SCOPES}. */
export type Scope = (typeof SCOPES)[number];

/** Whether a token holding `held` may use a route that requires `required` (the order of {@link SCOPES}). */
export function scopeGrants(held: readonly Scope[], required: Scope): boolean {
  const needed = SCOPES.indexOf(required);
  return held.some((scope) => SCOPES.indexOf(scope) >= needed);
}

/** Every scope `held` includes, lowest first (`['write']` → `read, operate, write`). */
export function impliedScopes(held: readonly Scope[]): Scope[] {
  return SCOPES.filter((scope) => scopeGrants(held, scope));
}
