// Helpers for this package's integration tests (not part of the public API).
import { randomBytes, randomInt } from 'node:crypto';
import { Readable } from 'node:stream';
import { tarArchive } from '@mikrocloud/core';
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

/** A build context of small text files. */
export function tarOf(files: Record<string, string>): Readable {
  return Readable.from([tarArchive(files)]);
}

export { allSteps, dockerfileSteps, eventually, hostProcessesMatching, type LoggedStep } from '@mikrocloud/core/testing';

/** Open unix-socket handles of this process (to see that streams were closed). */
export function openPipes(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'PipeWrap').length;
}
