// Helpers for the nixpacks integration tests (not part of the public API).
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const runId = `mctest-${randomBytes(4).toString('hex')}`;
export const TEST_LABEL = 'io.mikrocloud.test';
export const DOCKER_SOCKET = '/var/run/docker.sock';

export const randomPort = () => randomInt(20000, 60000);

/** The docker CLI on the test engine: an independent view of what a build left behind. */
export async function dockerCli(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', ['-H', `unix://${DOCKER_SOCKET}`, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** Writes a fixture tree (relative path → content). */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/**
 * Image ids a legacy-builder log names after each non-FROM step (` ---> 0123456789ab`). These
 * are the build's own intermediate images, which carry no test label; the ids printed after a
 * FROM step are base images and are left out.
 */
export function intermediateImageIds(logs: readonly string[]): string[] {
  const ids: string[] = [];
  let fromStep = false;
  for (const raw of logs) {
    const line = raw.trim();
    const step = /^Step \d+\/\d+ : (\S+)/.exec(line);
    if (step) fromStep = step[1]?.toUpperCase() === 'FROM';
    const id = /^---> ([0-9a-f]{12})$/.exec(line)?.[1];
    if (id && !fromStep) ids.push(id);
  }
  return ids;
}

/** Removes untagged intermediate images, children first; images still in use are left alone. */
export async function removeIntermediateImages(ids: readonly string[]): Promise<void> {
  for (const id of [...new Set(ids)].reverse()) {
    try {
      const tags = (await dockerCli('image', 'inspect', '--format', '{{len .RepoTags}}', id)).trim();
      if (tags === '0') await dockerCli('image', 'rm', id);
    } catch {
      // already gone, or another image (a concurrent build's) still builds on it
    }
  }
}

/** Polls an HTTP endpoint until it answers 200, returning the body. */
export async function httpGet(url: string, attempts = 150): Promise<string> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      // Bounded per attempt: a connection the port proxy accepts before the app listens can stall.
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return await response.text();
      last = new Error(`HTTP ${response.status}`);
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer: ${String(last)}`);
}
