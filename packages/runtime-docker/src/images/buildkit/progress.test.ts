import { describe, expect, it } from 'vitest';
import { BuildStreamParser } from '../build-stream.js';
import { StatusResponse } from './status-messages.js';

const ts = (ms: number) => ({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });

/** One `moby.buildkit.trace` event as Docker Engine sends it. */
function trace(update: Record<string, unknown>): string {
  const aux = Buffer.from(StatusResponse.encode(StatusResponse.fromObject(update)).finish()).toString('base64');
  return `${JSON.stringify({ id: 'moby.buildkit.trace', aux })}\r\n`;
}

const vertex = (digest: string, name: string, extra: Record<string, unknown> = {}) => ({ vertexes: [{ digest, name, ...extra }] });
const out = (digest: string, text: string, stream = 1) => ({ logs: [{ vertex: digest, stream, msg: Buffer.from(text), timestamp: ts(0) }] });

describe('BuildKit progress through BuildStreamParser', () => {
  it('prints steps as the legacy builder does: header, cache, output, done; the id from moby.image.id', () => {
    const logs: string[] = [];
    const p = new BuildStreamParser((l) => logs.push(l));
    p.push(trace(vertex('sha256:ctx', '[internal] load build context', { started: ts(1000), completed: ts(1100) })));
    p.push(trace(vertex('sha256:from', '[1/3] FROM docker.io/library/busybox:latest', { started: ts(1000), completed: ts(1000), cached: true })));
    p.push(trace(vertex('sha256:run1', '[2/3] RUN echo one', { started: ts(1000), completed: ts(1000), cached: true })));
    p.push(trace(vertex('sha256:run2', '[3/3] RUN ["sh","-c","echo two"]', { started: ts(2000) })));
    p.push(trace(out('sha256:run2', 'two\npart')));
    p.push(trace(out('sha256:run2', 'ial\n')));
    p.push(trace(vertex('sha256:run2', '[3/3] RUN ["sh","-c","echo two"]', { started: ts(2000), completed: ts(3500) })));
    p.push(`${JSON.stringify({ id: 'moby.image.id', aux: { ID: 'sha256:feed' } })}\n`);
    expect(p.end()).toEqual({ imageId: 'sha256:feed' });
    expect(logs).toEqual([
      '[internal] load build context',
      'Step 1/3 : FROM docker.io/library/busybox:latest',
      'Step 2/3 : RUN echo one',
      ' ---> Using cache',
      'Step 3/3 : RUN ["sh","-c","echo two"]',
      'two',
      'partial',
      ' ---> Done in 1.5s',
    ]);
  });

  it('says whose output follows when parallel stages interleave', () => {
    const logs: string[] = [];
    const p = new BuildStreamParser((l) => logs.push(l));
    p.push(trace(vertex('sha256:a', '[a 2/2] RUN work a', { started: ts(0) })));
    p.push(trace(vertex('sha256:b', '[b 2/2] RUN work b', { started: ts(0) })));
    p.push(trace(out('sha256:b', 'b says\n')));
    p.push(trace(out('sha256:a', 'a says\n')));
    p.end();
    expect(logs).toEqual(['Step 2/2 : RUN work a', 'Step 2/2 : RUN work b', 'b says', '--- Step 2/2 : RUN work a', 'a says']);
  });

  it('reports the failing step with its last output, not a stage BuildKit cancelled because of it', () => {
    const p = new BuildStreamParser(() => {});
    p.push(trace(vertex('sha256:a', '[a 2/2] RUN sleep 9', { started: ts(0) })));
    p.push(trace(vertex('sha256:b', '[b 2/2] RUN make', { started: ts(0) })));
    p.push(trace(out('sha256:b', 'compiling\n')));
    p.push(trace(out('sha256:b', 'error: no rule\n', 2)));
    p.push(trace(vertex('sha256:a', '[a 2/2] RUN sleep 9', { started: ts(0), completed: ts(1), error: 'context canceled' })));
    p.push(trace(vertex('sha256:b', '[b 2/2] RUN make', { started: ts(0), completed: ts(1), error: 'exit code: 2' })));
    p.push(`${JSON.stringify({ errorDetail: { message: 'executor failed running [make]: exit code: 2' } })}\n`);
    expect(p.end().error).toBe(['Step 2/2 : RUN make: executor failed running [make]: exit code: 2', 'last output of the step:', '  compiling', '  error: no rule'].join('\n'));
  });

  it('cuts huge vertex names, errors, warnings and the failure message lines', () => {
    const logs: string[] = [];
    const p = new BuildStreamParser((l) => logs.push(l));
    const huge = 'x'.repeat(200_000);
    p.push(trace(vertex('sha256:n', `[internal] ${huge}`, { started: ts(0), completed: ts(1) })));
    p.push(trace({ warnings: [{ vertex: 'sha256:n', short: Buffer.from(huge) }] }));
    p.push(trace(vertex('sha256:b', '[1/1] RUN make', { started: ts(0) })));
    p.push(trace(out('sha256:b', `${huge}\n`)));
    p.push(trace(vertex('sha256:b', '[1/1] RUN make', { started: ts(0), completed: ts(1), error: huge })));
    p.push(`${JSON.stringify({ errorDetail: { message: 'exit code: 2' } })}\n`);
    const error = p.end().error ?? '';
    expect(Math.max(...logs.map((l) => l.length))).toBeLessThanOrEqual(64 * 1024 + 20);
    expect(Math.max(...error.split('\n').map((l) => l.length))).toBeLessThanOrEqual(301);
    expect(error).toMatch(/^Step 1\/1 : RUN make: exit code: 2\nlast output of the step:(\n {2}x+…)+$/);
  });

  it('keeps a character split across two output chunks whole', () => {
    const logs: string[] = [];
    const p = new BuildStreamParser((l) => logs.push(l));
    const bytes = Buffer.from('grüße\n');
    p.push(trace(vertex('sha256:a', '[1/1] RUN x', { started: ts(0) })));
    p.push(trace({ logs: [{ vertex: 'sha256:a', stream: 1, msg: bytes.subarray(0, 3), timestamp: ts(0) }] }));
    p.push(trace({ logs: [{ vertex: 'sha256:a', stream: 1, msg: bytes.subarray(3), timestamp: ts(0) }] }));
    p.end();
    expect(logs).toEqual(['Step 1/1 : RUN x', 'grüße']);
  });

  it('skips an update it cannot decode', () => {
    const logs: string[] = [];
    const p = new BuildStreamParser((l) => logs.push(l));
    p.push(`${JSON.stringify({ id: 'moby.buildkit.trace', aux: Buffer.from([0xff, 0xff, 0xff]).toString('base64') })}\n`);
    expect(p.end()).toEqual({});
    expect(logs).toEqual([]);
  });
});
