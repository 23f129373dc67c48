import { describe, expect, it } from 'vitest';
import { checkWaitOptions, withDeadline } from './wait.js';

describe('checkWaitOptions', () => {
  it('defaults to exited and names a bad field', () => {
    expect(checkWaitOptions({})).toEqual({ condition: 'exited', timeoutMs: undefined });
    expect(() => checkWaitOptions({ condition: 'ready' as never })).toThrow(/condition/);
    expect(() => checkWaitOptions({ timeoutMs: -1 })).toThrow(/timeoutMs/);
    expect(() => checkWaitOptions({ timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
  });
});

describe('withDeadline', () => {
  const forever = (signal: AbortSignal | undefined) =>
    new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { code: 'cancelled' }))));

  it('rejects with a TimeoutError past the deadline', async () => {
    await expect(withDeadline('x did not exit', 20, undefined, forever)).rejects.toMatchObject({ code: 'timed_out', message: 'x did not exit within 20 ms' });
  });

  it("passes the caller's abort through, and refuses an aborted signal at once", async () => {
    const controller = new AbortController();
    const pending = withDeadline('x', 10_000, controller.signal, forever);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await expect(withDeadline('x', 10, controller.signal, forever)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('answers what the call answers in time', async () => {
    await expect(withDeadline('x', 1000, undefined, async () => 7)).resolves.toBe(7);
  });
});
