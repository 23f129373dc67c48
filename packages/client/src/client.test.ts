import { describe, expect, it } from 'vitest';
import { RuntimeError, ValidationError } from '@mikrocloud/core/errors';
import { createClient } from './client.js';

/** A client whose server answers every request with `body` as an event stream. */
const streaming = (body: string) =>
  createClient({
    baseUrl: 'http://127.0.0.1:1',
    fetch: async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
  });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('builds.logs', () => {
  it('numbers lines by their event id', async () => {
    const client = streaming('id: 1\ndata: {"line":"a"}\n\nid: 2\ndata: {"line":"b"}\n\nevent: end\ndata: {}\n\n');
    expect(await collect(client.builds.logs('b1', { follow: false }))).toEqual([
      { number: 1, line: 'a' },
      { number: 2, line: 'b' },
    ]);
  });

  it('refuses a line whose id is not a number instead of numbering it NaN', async () => {
    const client = streaming('id: seven\ndata: {"line":"a"}\n\n');
    const err = await collect(client.builds.logs('b1', { follow: false })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as RuntimeError).message).toMatch(/"seven" is not a line number/);
  });
});

describe('path parameters', () => {
  /** A client that records every URL it would fetch. */
  const recording = () => {
    const urls: string[] = [];
    const client = createClient({
      baseUrl: 'http://127.0.0.1:1',
      fetch: async (url) => {
        urls.push(String(url));
        return Response.json({});
      },
    });
    return { client, urls };
  };

  it.each(['..', '.', ''])('refuses the id %j before any request', async (id) => {
    const { client, urls } = recording();
    const err = await client.builds.cancel(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems[0]?.field).toBe('id');
    await expect(client.containers.stop(id)).rejects.toBeInstanceOf(ValidationError);
    await expect(client.volumes.remove(id)).rejects.toThrow(/^name: /);
    await expect(client.images.push(id).result).rejects.toThrow(/^ref: /);
    await expect(client.containers.exec(id, { command: ['true'] }).exitCode).rejects.toBeInstanceOf(ValidationError);
    expect(urls).toEqual([]);
  });

  it('encodes other ids as one segment', async () => {
    const { client, urls } = recording();
    await client.builds.cancel('a/../b');
    await client.containers.get('...');
    expect(urls).toEqual(['http://127.0.0.1:1/api/v1/images/builds/a%2F..%2Fb/cancel', 'http://127.0.0.1:1/api/v1/containers/...']);
  });
});
