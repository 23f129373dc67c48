import { randomBytes } from 'node:crypto';
import { constants, closeSync, fstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { INSTANCE_ID_PATTERN } from '@mikrocloud/core';

/** The file in `[server] data_dir` that holds the server's instance id. */
export const INSTANCE_ID_FILE = 'instance-id';

/** A file longer than this is not an instance id (128 characters and a line end). */
const MAX_BYTES = 256;

/** The instance id file cannot be read, or holds no valid id. */
export class InstanceIdError extends Error {
  override readonly name = 'InstanceIdError';
}

/**
 * The server's instance id: read from `<dataDir>/instance-id`, or, on first start, a new random
 * one written there (the folder created 0700, the file 0600). Every container the server creates
 * carries it (`io.mikrocloud.instance`), so servers sharing an engine see only their own. A file
 * that is a symbolic link, not a regular file, or holds anything but one id is refused with an
 * {@link InstanceIdError} saying the fix.
 *
 * @example
 * const instanceId = readOrCreateInstanceId(config.server.data_dir);
 */
export function readOrCreateInstanceId(dataDir: string): string {
  const file = path.join(path.resolve(dataDir), INSTANCE_ID_FILE);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const existing = readIdFile(file);
  if (existing !== undefined) return existing;
  const id = randomBytes(16).toString('hex');
  try {
    // `wx`: never overwrite one a concurrent start wrote in between (and never follow a link).
    writeFileSync(file, `${id}\n`, { flag: 'wx', mode: 0o600 });
    return id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new InstanceIdError(`cannot write ${file}: ${(err as Error).message}`);
    const written = readIdFile(file);
    if (written === undefined) throw new InstanceIdError(`cannot read ${file}`);
    return written;
  }
}

/** The id in `file`, or undefined when there is no such file. */
function readIdFile(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw new InstanceIdError(`${file} is a symbolic link; replace it with the file holding this server's instance id, or remove it to make a new id`);
    throw new InstanceIdError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new InstanceIdError(`${file} is not a regular file; remove it to make a new instance id`);
    const buffer = Buffer.alloc(MAX_BYTES + 1);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, length).toString('utf8').trim();
    if (length > MAX_BYTES || !INSTANCE_ID_PATTERN.test(text)) {
      throw new InstanceIdError(
        `${file} holds no valid instance id (1-128 letters, digits, ".", "_" or "-"); restore it, or remove it to make a new one ` +
          '(containers labelled with the old id are then no longer seen by this server)',
      );
    }
    return text;
  } finally {
    closeSync(fd);
  }
}
