import { readFile, readdir } from 'node:fs/promises';

/**
 * Host processes (other than this one) whose command line contains `marker`. Build steps run as
 * host processes on a local engine, so a test can see that a cancelled build's step really ended.
 */
export async function hostProcessesMatching(marker: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if ((await readFile(`/proc/${entry}/cmdline`, 'utf8')).replace(/\0/g, ' ').includes(marker)) found.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return found;
}
