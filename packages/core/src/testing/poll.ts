import { createServer } from 'node:net';

/** Waits between attempts without holding the process open. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Calls `probe` until `done` accepts its result, or fails once `deadlineMs` has passed with the
 * last result (or error) in the message. Deadlines are generous: they catch hangs, not slowness.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  deadlineMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: { value: T } | { error: unknown } | undefined;
  for (;;) {
    try {
      const value = await probe();
      if (done(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() > deadline) {
      const seen =
        last === undefined
          ? 'nothing'
          : 'error' in last
            ? `error ${String((last.error as Error)?.message ?? last.error)}`
            : JSON.stringify(last.value);
      throw new Error(`gave up waiting for ${what} after ${deadlineMs} ms; last seen: ${seen}`);
    }
    await sleep(intervalMs);
  }
}

/**
 * Calls `check` until it returns something other than undefined, and resolves with that; fails
 * with the last error seen once `deadlineMs` has passed. Deadlines catch hangs, not slowness.
 *
 * @example
 * const info = await eventually(async () => ((await manager.inspect(id)).restart_count >= 2 ? true : undefined));
 */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  deadlineMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const until = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`condition not met within ${deadlineMs} ms${last ? `: ${String(last)}` : ''}`);
    await sleep(intervalMs);
  }
}

/**
 * Settles with `promise`, or rejects when it has not settled by the deadline. Used where the
 * property under test is "this ends" (an aborted stream, a cancelled wait).
 */
export async function within<T>(what: string, promise: Promise<T>, deadlineMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    return await Promise.race([promise, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** A TCP port nobody listens on right now, from the high ephemeral range the OS hands out. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
