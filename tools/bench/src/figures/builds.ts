import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_LABEL, BUSYBOX, type BenchContext, type Check, type EngineTarget, type FigureResult, type Measurement } from '../context.js';
import { startCountingProxy } from '../engine-proxy.js';
import { runOk, rssBytes, sampleRss, startServerProcess, type ServerProcess } from '../processes.js';
import { median, now, p99 } from '../stats.js';

type Section = Omit<FigureResult, 'id' | 'title' | 'seconds'>;
const MB = 1024 * 1024;

/** Whether the server mounts the build route (an unknown route is a 404 `not_found`). */
export async function buildRouteMounted(server: ServerProcess): Promise<boolean> {
  const answer = await server.client.request('POST', '/api/v1/images/build', {});
  if (answer.status !== 404) return true;
  try {
    return (JSON.parse(answer.body.toString('utf8')) as { error?: { code?: string } }).error?.code !== 'not_found';
  } catch {
    return true;
  }
}

/** The environment of the bench's git commands: its own HOME, no system config, a fixed author. */
export const gitEnv = (home: string) => ({
  ...process.env,
  HOME: home,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'mcbench',
  GIT_AUTHOR_EMAIL: 'bench@localhost',
  GIT_COMMITTER_NAME: 'mcbench',
  GIT_COMMITTER_EMAIL: 'bench@localhost',
});

async function git(cwd: string, home: string, args: string[]): Promise<void> {
  await runOk('git', args, { cwd, env: gitEnv(home) });
}

/** A git repository with a Dockerfile, a small app folder and a big folder that .dockerignore leaves out. */
async function makeBaseRepo(dir: string, home: string, bigBytes: number, dockerfile: string): Promise<void> {
  mkdirSync(join(dir, 'app'), { recursive: true });
  mkdirSync(join(dir, 'big'), { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(join(dir, '.dockerignore'), 'big/\n.git\n');
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, 'app', `file-${i}.txt`), `${'x'.repeat(2000)}\n`);
  const fileBytes = 4 * MB;
  for (let i = 0; i * fileBytes < bigBytes; i++) writeFileSync(join(dir, 'big', `blob-${i}.bin`), randomBytes(Math.min(fileBytes, bigBytes - i * fileBytes)));
  await git(dir, home, ['init', '-q', '-b', 'main']);
  await git(dir, home, ['add', '-A']);
  await git(dir, home, ['commit', '-q', '-m', 'base']);
}

/** A local clone of the base repository with one new commit: its COPY layer misses the cache. */
async function variant(base: string, dir: string, home: string, marker: string): Promise<string> {
  await runOk('git', ['clone', '-q', '--local', base, dir]);
  writeFileSync(join(dir, 'app', 'marker.txt'), `${marker}\n`);
  await git(dir, home, ['add', '-A']);
  await git(dir, home, ['commit', '-q', '-m', marker]);
  return `file://${dir}`;
}

/** Figures 4 and 6: builds through `POST /api/v1/images/build?wait=true` vs `git clone` + `docker build`. */
export async function buildFigures(ctx: BenchContext, engine: EngineTarget, which: { four: boolean; six: boolean }): Promise<{ four: Section; six: Section }> {
  const work = join(ctx.tmpDir, `builds-bench-${which.four ? '4' : ''}${which.six ? '6' : ''}`);
  const home = join(work, 'home');
  mkdirSync(home, { recursive: true });
  // Both sides talk to the engine through the same counting proxy: the same extra hop for both,
  // and the build context each sends is counted the same way.
  const proxy = await startCountingProxy(engine.socketPath, join(work, 'engine.sock'));
  const config = join(work, 'mikrocloud.toml');
  writeFileSync(
    config,
    [
      '[docker]',
      'runtime = "docker"',
      `socket_path = "${proxy.socketPath}"`,
      `build_dir = "${join(work, 'workspaces')}"`,
      '[server]',
      'host = "127.0.0.1"',
      'port = 0',
      `data_dir = "${join(work, 'data')}"`,
      '[build]',
      'allowed_git_protocols = ["https", "ssh", "file"]',
      '',
    ].join('\n'),
  );
  const server = await startServerProcess({
    name: 'mikrocloud-builds',
    script: ctx.scripts.mikrocloudServer,
    args: (port) => ['serve', '--config', config, '--port', String(port)],
    env: { MCBENCH_RUN_ID: ctx.runId },
    readyPath: '/health',
    logDir: ctx.logDir,
  });
  const tag = (name: string) => `mcbench-${ctx.runId}-${name}:bench`;
  const firstOutput: number[] = [];
  const viaApi = async (repo: string, imageTag: string) => {
    const t0 = now();
    const record = await server.client.json<{ status: string; error: string | null; first_output_ms: number | null }>('POST', '/api/v1/images/build?wait=true', { git_repo: repo, buildpack_type: 'dockerfile', image_tag: imageTag }, [200]);
    const ms = now() - t0;
    if (record.status !== 'succeeded') throw new Error(`build ${imageTag} ${record.status}: ${record.error}`);
    if (record.first_output_ms !== null) firstOutput.push(record.first_output_ms);
    return ms;
  };
  let clones = 0;
  const viaCli = async (repo: string, imageTag: string) => {
    const dir = join(work, `cli-clone-${clones++}`);
    const t0 = now();
    await runOk('git', ['clone', '-q', '--depth', '1', repo, dir]);
    await runOk(engine.cli, ['build', '-q', '--label', `${BENCH_LABEL}=${ctx.runId}`, '-t', imageTag, dir], { env: { ...process.env, DOCKER_HOST: `unix://${proxy.socketPath}` } });
    const ms = now() - t0;
    rmSync(dir, { recursive: true, force: true });
    return ms;
  };
  const lastContext = () => proxy.builds[proxy.builds.length - 1] ?? Number.NaN;

  const four: Section = { status: 'measured', measurements: [], checks: [], notes: [] };
  const six: Section = { status: 'measured', measurements: [], checks: [], notes: [] };
  try {
    if (which.four) {
      const bigBytes = (ctx.quick ? 10 : 50) * MB;
      const rounds = ctx.quick ? 1 : 2;
      const base = join(work, 'repo-base');
      await makeBaseRepo(base, home, bigBytes, `FROM ${BUSYBOX}\nCOPY app/ /app/\nRUN cat /app/* | wc -c > /app-size\n`);
      const cold = { api: [] as number[], cli: [] as number[] };
      const warm = { api: [] as number[], cli: [] as number[] };
      const context = { api: [] as number[], cli: [] as number[] };
      let k = 0;
      for (let r = 0; r < rounds && !ctx.signal.aborted; r++) {
        const sides = r % 2 === 0 ? (['api', 'cli'] as const) : (['cli', 'api'] as const);
        for (const side of sides) {
          const repo = await variant(base, join(work, `repo-${k++}`), home, `${ctx.runId}-${side}-${r}`);
          const run = side === 'api' ? viaApi : viaCli;
          cold[side].push(await run(repo, tag(`f4-${side}-${r}`)));
          context[side].push(lastContext());
          warm[side].push(await run(repo, tag(`f4-${side}-${r}`)));
        }
      }
      const row = (what: string) => `Dockerfile build, ${bigBytes / MB} MB ignored folder, ${what}`;
      const mk = (what: string, side: string, unit: string, v: number[]): Measurement => ({ figure: 4, row: row(what), side, unit, median: median(v), p99: p99(v), n: v.length });
      four.measurements.push(
        mk('cold', 'mikrocloud', 'ms', cold.api),
        mk('cold', 'git clone --depth 1 + docker build', 'ms', cold.cli),
        mk('unchanged rebuild', 'mikrocloud', 'ms', warm.api),
        mk('unchanged rebuild', 'git clone --depth 1 + docker build', 'ms', warm.cli),
        mk('context sent', 'mikrocloud', 'KiB', context.api.map((b) => b / 1024)),
        mk('context sent', 'docker build', 'KiB', context.cli.map((b) => b / 1024)),
        mk('submission to first log line', 'mikrocloud (build record first_output_ms)', 'ms', firstOutput),
      );
      const first = median(firstOutput);
      const ctxApi = Math.max(...context.api);
      const ctxCli = Math.max(...context.cli);
      const rc = median(cold.api) / median(cold.cli);
      const rw = median(warm.api) / median(warm.cli);
      const checks: Check[] = [
        // Two tar writers never agree to the byte (headers, padding): what must match is what goes in.
        { figure: 4, name: 'build context bytes, mikrocloud vs docker build', value: ctxApi / ctxCli, shown: `${ctxApi} vs ${ctxCli} B`, target: '= the CLI’s (±1% + 10 KiB of tar framing)', pass: Math.abs(ctxApi - ctxCli) <= ctxCli * 0.01 + 10240 },
        { figure: 4, name: 'cold build, mikrocloud / CLI', value: rc, shown: `${rc.toFixed(2)}×`, target: '≤ 1.15×', pass: rc <= 1.15 },
        { figure: 4, name: 'unchanged rebuild, mikrocloud / CLI', value: rw, shown: `${rw.toFixed(2)}×`, target: '≤ 1.5×', pass: rw <= 1.5 },
        { figure: 4, name: 'submission to the first log line', value: first, shown: `${first.toFixed(0)} ms`, target: '≤ 300 ms', pass: first <= 300 },
      ];
      four.checks.push(...checks);
      four.notes.push(
        `figure 4: a git repository (file://) with a ${bigBytes / MB} MB folder of random data that .dockerignore excludes; each side builds its own fresh commit (cold), then the same one again (unchanged); ${rounds} round(s), alternating. Both sides reach Docker through the same counting unix-socket proxy, which measures the POST /build body each sends`,
      );
    } else {
      four.status = 'not measurable';
      four.notes.push('not selected');
    }
    if (which.six) {
      const bytes = (ctx.quick ? 10 : 100) * MB;
      const dir = join(work, 'repo-loud');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'Dockerfile'), `FROM ${BUSYBOX}\nRUN echo ${ctx.runId} && yes 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | head -c ${bytes}\n`);
      await git(dir, home, ['init', '-q', '-b', 'main']);
      await git(dir, home, ['add', '-A']);
      await git(dir, home, ['commit', '-q', '-m', 'loud']);
      const before = rssBytes(server.pid);
      const sampler = sampleRss(server.pid);
      const ms = await viaApi(`file://${dir}`, tag('f6'));
      const growth = (sampler.stop() - before) / MB;
      six.measurements.push(
        { figure: 6, row: `build printing ${bytes / MB} MB`, side: 'mikrocloud build time', unit: 'ms', median: ms, p99: ms, n: 1 },
        { figure: 6, row: `build printing ${bytes / MB} MB`, side: 'mikrocloud server RSS growth', unit: 'MB', median: growth, p99: growth, n: 1 },
      );
      six.checks.push({ figure: 6, name: `server RSS growth during a build printing ${bytes / MB} MB`, value: growth, shown: `${growth.toFixed(1)} MB`, target: '≤ 25 MB', pass: growth <= 25 });
      six.notes.push('figure 6: one build through POST /api/v1/images/build?wait=true whose RUN prints the bytes; server RSS sampled every 25 ms from before the request to its answer');
    } else {
      six.status = 'not measurable';
      six.notes.push('not selected');
    }
  } finally {
    await server.stop();
    await proxy.close();
    const images = await engine.raw.json<{ Id: string; RepoTags?: string[] | null }[]>('GET', '/images/json').catch(() => []);
    for (const image of images ?? []) {
      if ((image.RepoTags ?? []).some((t) => t.startsWith(`mcbench-${ctx.runId}`))) {
        await engine.raw.json('DELETE', `/images/${image.Id}?force=1`, undefined, [200, 404, 409]).catch(() => {});
      }
    }
  }
  return { four, six };
}
