import { describe, expect, it } from 'vitest';
import { tarArchive } from './tar.js';

describe('tarArchive', () => {
  it('writes ustar headers, content, padding and the two closing blocks', () => {
    const tar = tarArchive({ Dockerfile: 'FROM busybox:latest\n', 'bin/run': { content: '#!/bin/sh\n', mode: 0o755 } });
    expect(tar.length).toBe(512 * 6);
    expect(tar.subarray(0, 10).toString()).toBe('Dockerfile');
    expect(tar.subarray(100, 107).toString()).toBe('0000644');
    expect(tar.subarray(124, 135).toString()).toBe((20).toString(8).padStart(11, '0'));
    expect(tar.subarray(257, 262).toString()).toBe('ustar');
    expect(tar.subarray(512, 532).toString()).toBe('FROM busybox:latest\n');
    expect(tar.subarray(1024 + 100, 1024 + 107).toString()).toBe('0000755');
    // The checksum field holds the sum of the header's bytes with the field itself read as spaces.
    const head = Buffer.from(tar.subarray(0, 512));
    const stored = parseInt(head.subarray(148, 154).toString(), 8);
    head.fill(' ', 148, 156);
    expect(stored).toBe(head.reduce((a, b) => a + b, 0));
    expect(tar.subarray(512 * 4).every((b) => b === 0)).toBe(true);
  });

  it('refuses names a ustar header cannot hold', () => {
    expect(() => tarArchive({ ['x'.repeat(101)]: '' })).toThrow(RangeError);
  });
});
