import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeAppRepository } from './fixture.js';
import { deployFromGit } from './seed-integration.js';

// Usage: npm start -w @mikrocloud/example-seed-integration [-- GIT_URL [HOST_PORT]]
// Without a URL (or with "") it builds a tiny app from a local git repository it makes. The
// app's Dockerfile must serve HTTP on port 8080; HOST_PORT defaults to 8080.
const work = await mkdtemp(path.join(os.tmpdir(), 'mikrocloud-seed-'));
const deployed = await (async () => {
  const gitRepo = process.argv[2] || (await makeAppRepository(path.join(work, 'app')));
  return deployFromGit({
    cfg: { server: { data_dir: path.join(work, 'data') }, build: { allowed_git_protocols: ['https', 'file'] } },
    buildRequest: { git_repo: gitRepo, buildpack_type: 'dockerfile', image_tag: `seed-integration:${process.pid}` },
    name: `app-instance-${process.pid}`,
    hostPort: Number(process.argv[3] || 8080),
    onLog: (line) => console.log(`[build] ${line}`),
  });
})().catch(async (error: unknown) => {
  await rm(work, { recursive: true, force: true });
  console.error(`seed-integration: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const { service, buildResult, container } = deployed;
const hostPort = Number(process.argv[3] || 8080);
console.log(`build ${buildResult.id} made ${buildResult.image_tag}; container ${container.name} answers on http://127.0.0.1:${hostPort}/ (Ctrl-C removes it)`);
// Serve until Ctrl-C (a timer keeps the process alive: nothing else here holds it open).
const keepAlive = setInterval(() => {}, 60_000);
await new Promise<void>((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
});
clearInterval(keepAlive);
await container[Symbol.asyncDispose]();
await service.manager.removeImage(buildResult.image_tag).catch(() => {});
await service.close();
await rm(work, { recursive: true, force: true });
console.log(`removed ${container.name} and ${buildResult.image_tag}`);
