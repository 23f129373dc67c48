import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A local git repository holding a tiny web app (busybox `httpd` on port 8080 serving one page),
 * so the example runs without a network. Returns its `file://` URL.
 */
export async function makeAppRepository(dir: string, page = 'hello from a mikrocloud build\n'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'example', GIT_AUTHOR_EMAIL: 'example@example.com', GIT_COMMITTER_NAME: 'example', GIT_COMMITTER_EMAIL: 'example@example.com' };
  await run('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  await mkdir(path.join(dir, 'www'), { recursive: true });
  await writeFile(path.join(dir, 'www', 'index.html'), page);
  await writeFile(path.join(dir, 'Dockerfile'), 'FROM busybox:latest\nCOPY www /www\nEXPOSE 8080\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n');
  await run('git', ['add', '-A'], { cwd: dir, env });
  await run('git', ['commit', '-q', '-m', 'a tiny web app'], { cwd: dir, env });
  return `file://${dir}`;
}
