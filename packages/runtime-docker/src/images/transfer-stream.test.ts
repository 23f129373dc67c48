import { describe, expect, it } from 'vitest';
import type { PullProgress } from '@mikrocloud/core';
import { TransferStreamParser } from './transfer-stream.js';

const lines = (...events: unknown[]) => events.map((e) => `${JSON.stringify(e)}\r\n`).join('');

describe('TransferStreamParser', () => {
  it("reads Docker's per-layer progress with byte counts, across chunk boundaries", () => {
    const seen: PullProgress[] = [];
    const parser = new TransferStreamParser((p) => seen.push(p));
    const text = lines(
      { status: 'Pulling from mikrocloud-test/seed', id: 'latest' },
      { status: 'Pulling fs layer', progressDetail: {}, id: 'fc774acdc976' },
      { status: 'Downloading', progressDetail: { current: 21467, total: 2000820 }, progress: '[>   ]', id: 'fc774acdc976' },
      { status: 'Pull complete', progressDetail: {}, id: 'fc774acdc976' },
      { status: 'Digest: sha256:abc' },
    );
    parser.push(text.slice(0, 70));
    parser.push(text.slice(70));
    expect(parser.end()).toEqual({});
    expect(seen).toEqual([
      { layer: 'latest', status: 'Pulling from mikrocloud-test/seed' },
      { layer: 'fc774acdc976', status: 'Pulling fs layer' },
      { layer: 'fc774acdc976', status: 'Downloading', current_bytes: 21467, total_bytes: 2000820 },
      { layer: 'fc774acdc976', status: 'Pull complete' },
      { layer: '', status: 'Digest: sha256:abc' },
    ]);
  });

  it("reads Podman's compat stream and its error event in a 200 answer", () => {
    const seen: PullProgress[] = [];
    const parser = new TransferStreamParser((p) => seen.push(p));
    parser.push(
      lines(
        { status: 'Download complete', progressDetail: {}, id: '143f6c918492' },
        { progressDetail: {}, errorDetail: { message: 'reading manifest latest in localhost:5443/x: unauthorized: authentication required' }, error: 'ignored' },
        { status: 'late', id: 'z' },
      ),
    );
    expect(parser.end().error).toBe('reading manifest latest in localhost:5443/x: unauthorized: authentication required');
    expect(seen).toEqual([{ layer: '143f6c918492', status: 'Download complete' }]);
  });

  it('skips lines that are not JSON', () => {
    const parser = new TransferStreamParser();
    parser.push('not json\n');
    expect(parser.end()).toEqual({});
  });
});
