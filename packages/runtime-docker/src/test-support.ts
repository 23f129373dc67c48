// Helpers for this package's integration tests (not part of the public API).
import { randomBytes, randomInt } from 'node:crypto';
import { Readable } from 'node:stream';
import Docker from 'dockerode';

/** A short id for this test run; every container and image a test creates carries it. */
export const runId = `mctest-${randomBytes(4).toString('hex')}`;
export const TEST_LABEL = 'io.mikrocloud.test';
export const DOCKER_SOCKET = '/var/run/docker.sock';

/** dockerode straight on the engine: an independent view of what the manager did. */
export const rawDocker = new Docker({ socketPath: DOCKER_SOCKET });

/** A random high host port. */
export function randomPort(): number {
  return randomInt(20000, 60000);
}

/** A `mctest-` name unique to this run. */
export function testName(what: string): string {
  return `${runId}-${what}-${randomBytes(2).toString('hex')}`;
}

/** Removes every container and image labelled with this run's id. */
export async function cleanUp(docker: Docker = rawDocker): Promise<void> {
  const filters = JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] });
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.allSettled(containers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  const images = await docker.listImages({ filters });
  await Promise.allSettled(images.map((i) => docker.getImage(i.Id).remove({ force: true })));
}

/** A tar archive (ustar) of small text files, as a build context. */
export function tarOf(files: Record<string, string>): Readable {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const header = Buffer.alloc(512);
    header.write(name, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write(`${Math.floor(Date.now() / 1000).toString(8).padStart(11, '0')}\0`, 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Readable.from([Buffer.concat(blocks)]);
}

/** Polls until `check` returns a value (not undefined), up to `attempts` tries. */
export async function eventually<T>(check: () => Promise<T | undefined>, attempts = 100, delayMs = 100): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, delayMs));
  }
  throw new Error(`condition not met after ${attempts} attempts${last ? `: ${String(last)}` : ''}`);
}

/** Open unix-socket handles of this process (to see that streams were closed). */
export function openPipes(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'PipeWrap').length;
}
