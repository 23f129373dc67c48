import { describe, expect, it } from 'vitest';
import { LineSplitter, LogDemultiplexer, readLogLines, splitTimestamp } from './log-stream.js';

function frame(type: number, text: string | Buffer): Buffer {
  const payload = typeof text === 'string' ? Buffer.from(text) : text;
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function* chunks(...parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield p;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('LogDemultiplexer', () => {
  const stream = Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops\n'), frame(1, 'wörld\n'), frame(1, ''), frame(2, 'x')]);
  const expected = [
    { stream: 'stdout', text: 'hello\n' },
    { stream: 'stderr', text: 'oops\n' },
    { stream: 'stdout', text: 'wörld\n' },
    { stream: 'stderr', text: 'x' },
  ];

  it('reads many frames from one chunk', () => {
    const frames = new LogDemultiplexer().push(stream);
    expect(frames.map((f) => ({ stream: f.stream, text: f.data.toString() }))).toEqual(expected);
  });

  it('gives the same frames whatever byte the stream is split at', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const demux = new LogDemultiplexer();
      const frames = [...demux.push(stream.subarray(0, cut)), ...demux.push(stream.subarray(cut))];
      expect(frames.map((f) => ({ stream: f.stream, text: f.data.toString() })), `cut at ${cut}`).toEqual(expected);
      expect(demux.buffered).toBe(0);
    }
  });

  it('joins a large frame fed in many small chunks', () => {
    const big = Buffer.alloc(1024 * 1024, 'x');
    const raw = Buffer.concat([frame(2, big), frame(1, 'after')]);
    const demux = new LogDemultiplexer();
    const frames = [];
    for (let at = 0; at < raw.length; at += 1000) frames.push(...demux.push(raw.subarray(at, at + 1000)));
    expect(frames.map((f) => [f.stream, f.data.length])).toEqual([
      ['stderr', big.length],
      ['stdout', 5],
    ]);
    expect(frames[0]?.data.equals(big)).toBe(true);
  });

  it('gives the same frames when fed one byte at a time', () => {
    const demux = new LogDemultiplexer();
    const frames = [];
    for (const byte of stream) frames.push(...demux.push(Buffer.from([byte])));
    expect(frames.map((f) => ({ stream: f.stream, text: f.data.toString() }))).toEqual(expected);
  });
});

describe('LineSplitter', () => {
  it('joins a line spread over chunks and returns the unterminated last one at the end', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('ab'))).toEqual([]);
    expect(s.push(Buffer.from('c\nde'))).toEqual(['abc']);
    expect(s.push(Buffer.from('f\n\ng'))).toEqual(['def', '']);
    expect(s.end()).toEqual(['g']);
  });

  it('strips \\r before \\n even when split between chunks', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('one\r'))).toEqual([]);
    expect(s.push(Buffer.from('\ntwo\r\n'))).toEqual(['one', 'two']);
    expect(s.end()).toEqual([]);
  });

  it('decodes a multi-byte character split across chunks', () => {
    const bytes = Buffer.from('€uro\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      const s = new LineSplitter();
      expect([...s.push(bytes.subarray(0, cut)), ...s.push(bytes.subarray(cut))]).toEqual(['€uro']);
    }
  });

  it('cuts a newline-free flood into bounded pieces', () => {
    const s = new LineSplitter(10);
    const lines = [...s.push('x'.repeat(6)), ...s.push('x'.repeat(6)), ...s.end()];
    expect(lines).toEqual(['x'.repeat(12)]);
    expect(new LineSplitter(4).push('abcdefgh')).toEqual(['abcdefgh']);
  });
});

describe('splitTimestamp', () => {
  it('splits an RFC 3339 prefix', () => {
    expect(splitTimestamp('2026-11-28T22:38:11.325539534Z hello world')).toEqual({ timestamp: '2026-11-28T22:38:11.325539534Z', line: 'hello world' });
    expect(splitTimestamp('2026-11-28T22:38:11+01:00 x')).toEqual({ timestamp: '2026-11-28T22:38:11+01:00', line: 'x' });
    expect(splitTimestamp('no stamp')).toEqual({ line: 'no stamp' });
  });
});

describe('readLogLines', () => {
  it('demultiplexes and splits per stream, keeping partial lines of each stream apart', async () => {
    const raw = Buffer.concat([frame(1, 'out1\nou'), frame(2, 'err'), frame(1, 't2\n'), frame(2, '1\nlast-err')]);
    const lines = await collect(readLogLines(chunks(raw.subarray(0, 5), raw.subarray(5, 21), raw.subarray(21)), { tty: false }));
    expect(lines).toEqual([
      { stream: 'stdout', line: 'out1' },
      { stream: 'stdout', line: 'out2' },
      { stream: 'stderr', line: 'err1' },
      { stream: 'stderr', line: 'last-err' },
    ]);
  });

  it('reads TTY output as raw stdout and splits timestamps', async () => {
    const lines = await collect(
      readLogLines(chunks(Buffer.from('2026-01-01T00:00:00.1Z a\r\n2026-01-01T00:00:0'), Buffer.from('1Z b')), { tty: true, timestamps: true }),
    );
    expect(lines).toEqual([
      { stream: 'stdout', line: 'a', timestamp: '2026-01-01T00:00:00.1Z' },
      { stream: 'stdout', line: 'b', timestamp: '2026-01-01T00:00:01Z' },
    ]);
  });
});
