import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSTANCE_ID_PATTERN } from '@mikrocloud/core';
import { afterAll, describe, expect, it } from 'vitest';
import { InstanceIdError, readOrCreateInstanceId } from './instance-id.js';

const root = mkdtempSync(join(tmpdir(), 'mikrocloud-instance-id-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `d${++n}`);

describe('readOrCreateInstanceId', () => {
  it('creates a random id in a 0600 file on first start and reads the same one afterwards', () => {
    const dir = join(fresh(), 'nested');
    const id = readOrCreateInstanceId(dir);
    expect(id).toMatch(INSTANCE_ID_PATTERN);
    expect(statSync(join(dir, 'instance-id')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(dir, 'instance-id'), 'utf8').trim()).toBe(id);
    expect(readOrCreateInstanceId(dir)).toBe(id);
    expect(readOrCreateInstanceId(fresh())).not.toBe(id);
  });

  it('keeps an id an operator wrote, trimmed', () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'instance-id'), '  web-1.prod\n');
    expect(readOrCreateInstanceId(dir)).toBe('web-1.prod');
  });

  it.each([
    ['empty', ''],
    ['a label injection', 'abc,io.mikrocloud.managed=true'],
    ['two lines', 'abc\ndef'],
    ['too long', 'a'.repeat(129)],
    ['huge', 'a'.repeat(10_000)],
  ])('refuses a file holding %s, saying the fix', (_what, content) => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'instance-id'), content);
    expect(() => readOrCreateInstanceId(dir)).toThrow(InstanceIdError);
    expect(() => readOrCreateInstanceId(dir)).toThrow(/remove it to make a new one/);
  });

  it('refuses a symbolic link and a directory', () => {
    const linked = fresh();
    mkdirSync(linked);
    writeFileSync(join(linked, 'target'), 'abc\n');
    symlinkSync(join(linked, 'target'), join(linked, 'instance-id'));
    expect(() => readOrCreateInstanceId(linked)).toThrow(/symbolic link/);
    const folder = fresh();
    mkdirSync(join(folder, 'instance-id'), { recursive: true });
    expect(() => readOrCreateInstanceId(folder)).toThrow(/not a regular file/);
  });
});
