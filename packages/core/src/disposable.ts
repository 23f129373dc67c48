/**
 * `value` with a `[Symbol.asyncDispose]` that calls `dispose`, so `await using x = ...` releases
 * it when the scope ends. The method is not enumerable: JSON, spreads and equality checks see
 * the value exactly as before.
 *
 * @example
 * const volume = disposable(await manager.createVolume(spec), () => manager.removeVolume(spec.name));
 */
export function disposable<T extends object>(value: T, dispose: () => Promise<void>): T & AsyncDisposable {
  Object.defineProperty(value, Symbol.asyncDispose, { value: dispose, enumerable: false, configurable: true, writable: true });
  return value as T & AsyncDisposable;
}

/** Errors a dispose ignores: the object is already gone. */
export function ignoreNotFound(error: unknown): void {
  if ((error as { code?: unknown })?.code !== 'not_found') throw error;
}
