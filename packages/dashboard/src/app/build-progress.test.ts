import { describe, expect, it } from 'vitest';
import { buildProgress } from './build-progress.js';

describe('buildProgress', () => {
  it('reads the step from the classic builder and from BuildKit', () => {
    const classic = ['cloning', 'Step 1/4 : FROM busybox:latest', ' ---> abc', 'Step 2/4 : RUN echo hi', 'hi'];
    expect(buildProgress('running', classic)).toEqual({ phase: 'building: step 2 of 4', step: { current: 2, total: 4 }, fraction: 1.5 / 4 });
    const buildkit = ['#5 [1/3] FROM docker.io/library/busybox', '#6 [2/3] RUN make', '#6 0.3 compiling'];
    expect(buildProgress('running', buildkit).step).toEqual({ current: 2, total: 3 });
    expect(buildProgress('running', ['#7 [builder 3/5] RUN npm ci']).step).toEqual({ current: 3, total: 5 });
  });

  it('says queued, starting or preparing before a step, and the final status after', () => {
    expect(buildProgress('queued', [])).toEqual({ phase: 'queued', fraction: 0 });
    expect(buildProgress('running', [])).toEqual({ phase: 'starting' });
    expect(buildProgress('running', ['Cloning into workspace'])).toEqual({ phase: 'preparing' });
    expect(buildProgress('succeeded', ['Step 1/4 : FROM x'])).toEqual({ phase: 'succeeded', fraction: 1 });
    expect(buildProgress('timed_out', ['Step 1/4 : FROM x'])).toEqual({ phase: 'timed out' });
    // A line that only looks like a step somewhere inside is not one.
    expect(buildProgress('running', ['echo Step 2/5 : nothing', 'ratio 3/4']).step).toBeUndefined();
  });
});
