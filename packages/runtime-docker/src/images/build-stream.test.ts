import { describe, expect, it } from 'vitest';
import { BuildStreamParser } from './build-stream.js';

const ev = (o: unknown) => `${JSON.stringify(o)}\r\n`;

describe('BuildStreamParser', () => {
  it('logs stream text line by line and takes the id from aux.ID', () => {
    const logs: string[] = [];
    const p = new BuildStreamParser((l) => logs.push(l));
    const body = ev({ stream: 'Step 1/2 : FROM busybox\n' }) + ev({ stream: ' ---> abc\n' }) + ev({ aux: { ID: 'sha256:feed' } }) + ev({ stream: 'Successfully built feedfeedfeed\n' });
    for (let i = 0; i < body.length; i += 7) p.push(Buffer.from(body.slice(i, i + 7)));
    expect(p.end()).toEqual({ imageId: 'sha256:feed' });
    expect(logs).toEqual(['Step 1/2 : FROM busybox', ' ---> abc', 'Successfully built feedfeedfeed']);
  });

  it('leaves out stream events keepOutput refuses, without splitting the line around them', () => {
    const logs: string[] = [];
    const p = new BuildStreamParser((l) => logs.push(l), undefined, (text) => !text.startsWith('noise'));
    p.push(ev({ stream: 'half a ' }) + ev({ stream: 'noise from the engine\n' }) + ev({ stream: 'line\n' }));
    p.end();
    expect(logs).toEqual(['half a line']);
  });

  it('fails the build on an error event inside an otherwise successful stream', () => {
    const p = new BuildStreamParser();
    p.push(ev({ stream: 'Step 2/2 : RUN false\n' }));
    p.push(ev({ errorDetail: { code: 1, message: "The command '/bin/sh -c false' returned a non-zero code: 1" }, error: 'ignored wording' }));
    expect(p.end()).toEqual({ error: "The command '/bin/sh -c false' returned a non-zero code: 1" });
  });

  it('takes an error without errorDetail, and keeps the first error', () => {
    const p = new BuildStreamParser();
    p.push(ev({ error: 'first' }) + ev({ error: 'second' }));
    expect(p.end().error).toBe('first');
  });

  it('falls back to "Successfully built" and passes non-JSON lines to the log', () => {
    const logs: string[] = [];
    const p = new BuildStreamParser((l) => logs.push(l));
    p.push('not json\n' + ev({ stream: 'Successfully built 0123456789ab\n' }) + ev({ status: 'pulling' }));
    expect(p.end()).toEqual({ imageId: '0123456789ab' });
    expect(logs).toEqual(['not json', 'Successfully built 0123456789ab', 'pulling']);
  });

  it('flushes stream text without a final newline at the end', () => {
    const logs: string[] = [];
    const p = new BuildStreamParser((l) => logs.push(l));
    p.push(ev({ stream: 'par' }) + ev({ stream: 'tial' }));
    p.end();
    expect(logs).toEqual(['partial']);
  });
});
