import type { ContainerManager } from '@mikrocloud/core';
import { RuntimeUnavailableError } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { createEngineProbe } from './engine-probe.js';

// Pure logic: a manager whose ping is scripted (no engine is involved in what is tested here).
function scriptedManager() {
  const state = { up: true, pings: 0, pending: [] as Array<() => void> };
  const manager = {
    runtime: 'scripted',
    ping: () => {
      state.pings += 1;
      return new Promise<void>((resolve, reject) => {
        state.pending.push(() => (state.up ? resolve() : reject(new RuntimeUnavailableError('down'))));
      });
    },
  } as unknown as ContainerManager;
  const settle = () => state.pending.splice(0).forEach((f) => f());
  return { manager, state, settle };
}

describe('createEngineProbe', () => {
  it('shares one ping between concurrent callers and remembers a success for the ttl', async () => {
    const { manager, state, settle } = scriptedManager();
    let clock = 0;
    const probe = createEngineProbe(manager, { ttlMs: 1000, now: () => clock });
    const answers = [probe.reachable(), probe.reachable(), probe.reachable()];
    settle();
    expect(await Promise.all(answers)).toEqual([true, true, true]);
    expect(state.pings).toBe(1);
    clock = 999;
    expect(await probe.reachable()).toBe(true);
    expect(state.pings).toBe(1);
    clock = 1000;
    const again = probe.reachable();
    settle();
    expect(await again).toBe(true);
    expect(state.pings).toBe(2);
  });

  it('never remembers a failure, and forget() drops a remembered success', async () => {
    const { manager, state, settle } = scriptedManager();
    const probe = createEngineProbe(manager, { ttlMs: 60_000, now: () => 0 });
    let answer = probe.reachable();
    settle();
    expect(await answer).toBe(true);
    state.up = false;
    expect(await probe.reachable()).toBe(true); // still within the ttl
    probe.forget();
    answer = probe.reachable();
    settle();
    expect(await answer).toBe(false);
    answer = probe.reachable();
    expect(state.pings).toBe(3);
    state.up = true;
    settle();
    expect(await answer).toBe(true);
  });

  it('does not let a ping that was out during forget() overrule it', async () => {
    const { manager, state, settle } = scriptedManager();
    const probe = createEngineProbe(manager, { ttlMs: 60_000, now: () => 0 });
    const answer = probe.reachable();
    probe.forget();
    settle();
    expect(await answer).toBe(true);
    const next = probe.reachable();
    settle();
    expect(await next).toBe(true);
    // The second call pinged again instead of trusting the answer from before forget().
    expect(state.pings).toBe(2);
  });
});
