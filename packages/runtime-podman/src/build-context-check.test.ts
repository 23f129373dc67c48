import { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import { UnprocessableError, ValidationError } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { checkBuildContext, dockerfilePathOf, unconfinedMountsError } from './build-context-check.js';
import { contextTar as tarOf, type ContextEntry as Entry } from './test-support.js';

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function check(entries: Entry[], dockerfile?: string) {
  const bytes = await tarOf(entries);
  const checked = await checkBuildContext({ context: Readable.from([bytes]), ...(dockerfile === undefined ? {} : { dockerfile }) });
  return { bytes, checked };
}

describe('checkBuildContext', () => {
  it('gives the same bytes back and finds nothing in a plain context', async () => {
    const { bytes, checked } = await check([{ name: 'Dockerfile', content: 'FROM busybox\nRUN --mount=type=cache,id=npm,target=/root/.npm true\n' }, { name: 'src/a.txt', content: 'a' }]);
    expect(checked.unconfinedMounts).toEqual([]);
    expect((await read(checked.context())).equals(bytes)).toBe(true);
    await checked.dispose();
  });

  it('lists cache ids that climb out, with their lines', async () => {
    const { checked } = await check([{ name: './docker/Dockerfile', content: 'FROM busybox\nRUN --mount=type=cache,id=../../../../tmp/x,target=/c true\n' }], 'docker/Dockerfile');
    expect(checked.unconfinedMounts).toEqual([expect.objectContaining({ line: 2, reason: expect.stringContaining('climbs') })]);
    await checked.dispose();
  });

  it('lists bind sources through a symbolic link of the context, also one made by a hard link', async () => {
    const dockerfile = 'FROM busybox\nRUN --mount=type=bind,source=link,target=/m ls /m\nRUN --mount=type=bind,source=hard/x,target=/m ls /m\n';
    const { checked } = await check([{ name: 'link', link: '/etc' }, { name: 'hard', hardlink: 'link' }, { name: 'Dockerfile', content: dockerfile }]);
    expect(checked.unconfinedMounts.map((m) => m.line)).toEqual([2, 3]);
    await checked.dispose();
  });

  it('reads variables in mount paths with the build arguments', async () => {
    const bytes = await tarOf([{ name: 'Dockerfile', content: 'FROM busybox\nARG C\nRUN --mount=type=cache,id=$C,target=/c true\n' }]);
    const unknown = await checkBuildContext({ context: Readable.from([bytes]) });
    expect(unknown.unconfinedMounts).toHaveLength(1);
    await unknown.dispose();
    const safe = await checkBuildContext({ context: Readable.from([bytes]), buildArgs: { C: 'npm' } });
    expect(safe.unconfinedMounts).toEqual([]);
    await safe.dispose();
    const climbing = await checkBuildContext({ context: Readable.from([bytes]), buildArgs: { C: '../../etc' } });
    expect(climbing.unconfinedMounts).toHaveLength(1);
    await climbing.dispose();
  });

  it('refuses a Dockerfile that is missing, reached through a link, or a link itself', async () => {
    await expect(check([{ name: 'other', content: '' }])).rejects.toThrow(/"Dockerfile" is not a file/);
    await expect(check([{ name: 'Dockerfile', link: '/etc/shadow' }])).rejects.toThrow(ValidationError);
    await expect(check([{ name: 'd', link: '/etc' }, { name: 'd/Dockerfile', content: 'FROM x' }], 'd/Dockerfile')).rejects.toThrow(/symbolic link "d"/);
  });

  it('refuses an ignore file that is a link (Podman reads it on the host)', async () => {
    await expect(check([{ name: 'Dockerfile', content: 'FROM x\n' }, { name: '.dockerignore', link: '/dev/zero' }])).rejects.toThrow(/ignore file ".dockerignore"/);
  });

  it('refuses what is not a tar archive, leaving no temporary file', async () => {
    const err = await checkBuildContext({ context: Readable.from([Buffer.alloc(1024, 'x')]) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems[0]?.field).toMatch(/context|dockerfile/);
  });

  it('removes its temporary copy on dispose', async () => {
    const { checked } = await check([{ name: 'Dockerfile', content: 'FROM x\n' }]);
    const path = (checked.context() as unknown as { path: string }).path;
    expect(existsSync(path)).toBe(true);
    await checked.dispose();
    expect(existsSync(path)).toBe(false);
  });
});

describe('dockerfilePathOf', () => {
  it('accepts relative paths inside the context, normalised', () => {
    expect(dockerfilePathOf(undefined)).toBe('Dockerfile');
    expect(dockerfilePathOf('./docker//Dockerfile')).toBe('docker/Dockerfile');
  });
  it.each(['/etc/passwd', '../Dockerfile', 'a/../../b', 'https://example.com/Dockerfile', '["a","b"]', '', 'a\0b'])('refuses %j', (path) => {
    expect(() => dockerfilePathOf(path)).toThrow(ValidationError);
  });
});

describe('unconfinedMountsError', () => {
  it('is a 422 naming each line', () => {
    const err = unconfinedMountsError('Dockerfile', [{ line: 3, instruction: 'RUN', mount: 'type=cache,id=/etc,target=/c', reason: 'id "/etc" is an absolute path' }]);
    expect(err).toBeInstanceOf(UnprocessableError);
    expect(err.status).toBe(422);
    expect(err.message).toContain('line 3: RUN --mount=type=cache,id=/etc,target=/c: id "/etc" is an absolute path');
  });
});
