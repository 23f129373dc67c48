/**
 * `npm run bench [-- --quick] [-- --only 1,2] [-- --write | --merge]`: mikrocloud side by side with the raw
 * engine API and the engines' command lines. Prints the tables; a full run (no --quick, no
 * --only) also writes BENCHMARKS.md and BENCHMARKS.json at the repository root; `--merge` puts the
 * figures of this run into the existing ones instead. Exits 0 when
 * every figure was measured (targets missed or not), 1 when a figure failed with an error.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_LABEL, engineTarget, removeRunContainers, type BenchContext, type EngineTarget, type FigureResult } from './context.js';
import { lifecycleFigure, listFigure, throughputFigure, type ContainerBenchTarget } from './figures/containers.js';
import { buildFigures, buildRouteMounted } from './figures/builds.js';
import { execFigure } from './figures/exec.js';
import { eventsFigure } from './figures/events.js';
import { logsFigure } from './figures/logs.js';
import { healthFigure, startupFigure } from './figures/server.js';
import { registryPullFigure } from './figures/registry.js';
import { REMOTE_FIGURE, REMOTE_TITLE, remoteFigure } from './figures/remote.js';
import { mergeReport } from './merge.js';
import { nodeBuildsFigure } from './figures/node-builds.js';
import { findings } from './findings.js';
import { bundleEntries } from './bundle.js';
import { repoPath, runOk, startServerProcess, stopAllServers, type ServerProcess } from './processes.js';
import { markdown, tables, type BenchReport, type MachineInfo } from './report.js';
import { now, sleep } from './stats.js';

const TITLES: Record<number, string> = {
  1: 'GET /api/v1/containers with 10 and 200 managed containers',
  2: 'create + start + remove of one container',
  3: '50 containers created and started, concurrency 10',
  4: 'Dockerfile build from a local git repo (cold, then unchanged)',
  5: 'streaming 200 MB of container logs',
  6: 'a build that prints 100 MB',
  7: 'server idle RSS and time to first answer',
  8: 'GET /health requests/s',
  9: 'figures 1–3 on rootful Podman',
  10: 'exec round trip through the SDK vs docker exec',
  11: 'pull of a multi-layer image from a local registry',
  12: 'events latency against the CLI, and memory while streaming events',
  [REMOTE_FIGURE]: REMOTE_TITLE,
  13: 'Node app with npm dependencies, nixpacks: cold, one-line change, dependency change, unchanged',
};

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    write: { type: 'boolean', default: false },
    merge: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('Usage: npm run bench [-- --quick] [-- --only 1,2,...] [-- --write | --merge]\n');
  process.exit(0);
}
const only = values.only ? values.only.split(',').map((s) => Number(s.trim())) : null;
if (only?.some((n) => !TITLES[n])) {
  process.stderr.write(`--only takes figure numbers ${Object.keys(TITLES).join(',')}, got "${values.only}"\n`);
  process.exit(2);
}
const wanted = (id: number) => !only || only.includes(id);

const runId = `${Date.now().toString(36).slice(-5)}${randomBytes(2).toString('hex')}`;
const tmpDir = mkdtempSync(join(os.tmpdir(), `mcbench-${runId}-`));
const logDir = join(tmpDir, 'logs');
mkdirSync(logDir);
const abort = new AbortController();

const docker = engineTarget('docker', '/var/run/docker.sock');
const podman = engineTarget('podman', '/run/podman/podman.sock');

function writeConfig(runtime: 'docker' | 'podman', socketPath: string): string {
  const file = join(tmpDir, `${runtime}.toml`);
  writeFileSync(
    file,
    [
      '[docker]',
      `runtime = "${runtime}"`,
      `socket_path = "${socketPath}"`,
      `build_dir = "${join(tmpDir, `builds-${runtime}`)}"`,
      '',
      '[server]',
      'host = "127.0.0.1"',
      'port = 0',
      `data_dir = "${join(tmpDir, `data-${runtime}`)}"`,
      '',
      '[build]',
      'allowed_git_protocols = ["https", "ssh", "file"]',
      '',
    ].join('\n'),
  );
  return file;
}
const configs = { docker: writeConfig('docker', docker.socketPath), podman: writeConfig('podman', podman.socketPath) };
// Figure 7 measures the published bin exactly as npm users get it: packages/api/dist/bin.js, built
// by the package's own build (which bundles its dependencies), not a bundle made here.
console.error('bench: building @mikrocloud/api (the mikrocloud bin)...');
await runOk('npx', ['nx', 'run', '@mikrocloud/api:build', '--outputStyle=static'], { cwd: repoPath('.') });
const bundles = await bundleEntries({
  'mikrocloud-server': 'tools/bench/src/peers/mikrocloud-server.ts',
  'hono-hello': 'tools/bench/src/peers/hono-hello.ts',
  'node-hello': 'tools/bench/src/peers/node-hello.ts',
});
const scripts = {
  mikrocloudBin: repoPath('packages/api/dist/bin.js'),
  mikrocloudServer: bundles['mikrocloud-server']!,
  honoHello: bundles['hono-hello']!,
  nodeHello: bundles['node-hello']!,
};
const ctx: BenchContext = { runId, quick: values.quick, tmpDir, logDir, configFor: (r) => configs[r], scripts, signal: abort.signal };

let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAllServers();
    for (const engine of [docker, podman]) {
      await removeRunContainers(engine, runId);
      // A create the engine was still working on when the run stopped lands after the first pass.
      await sleep(1000);
      await removeRunContainers(engine, runId);
      try {
        const images = await engine.raw.json<{ Id: string; Labels?: Record<string, string> | null; RepoTags?: string[] | null }[]>('GET', '/images/json');
        const ours = (images ?? []).filter((i) => i.Labels?.[BENCH_LABEL] === runId || (i.RepoTags ?? []).some((t) => t.startsWith(`mcbench-${runId}`)));
        for (const image of ours) await engine.raw.json('DELETE', `/images/${image.Id}?force=1`, undefined, [200, 404, 409]).catch(() => {});
      } catch {
        // engine away
      }
      engine.raw.close();
    }
    rmSync(tmpDir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping and cleaning up run ${runId}...\n`);
    // Figures stop at their next step and main() cleans up; if one does not stop soon, clean up anyway.
    abort.abort();
    setTimeout(() => void cleanup().finally(() => process.exit(130)), 20_000).unref();
  });
}

async function engineVersion(engine: EngineTarget): Promise<string> {
  try {
    const v = await engine.raw.json<{ Version: string; ApiVersion: string }>('GET', '/version');
    let cli = '';
    try {
      cli = execFileSync(engine.cli, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      cli = 'CLI not found';
    }
    return `${v.Version} (API ${v.ApiVersion}; CLI: ${cli})`;
  } catch (err) {
    return `unreachable (${(err as Error).message})`;
  }
}

function machineInfo(engines: Record<string, string>): MachineInfo {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoPath(), encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoPath(), encoding: 'utf8' }).trim();
    if (dirty) commit += ' + uncommitted changes';
  } catch {
    // not a checkout
  }
  return {
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memory_gib: os.totalmem() / 1024 ** 3,
    kernel: os.release(),
    os: `${os.type()} ${os.arch()}`,
    node: process.versions.node,
    engines,
    commit,
  };
}

function startMikrocloud(runtime: 'docker' | 'podman'): Promise<ServerProcess> {
  return startServerProcess({
    name: `mikrocloud-${runtime}`,
    script: scripts.mikrocloudServer,
    args: (port) => ['serve', '--config', configs[runtime], '--port', String(port)],
    env: { MCBENCH_RUN_ID: runId },
    readyPath: '/health',
    logDir,
  });
}

async function main(): Promise<number> {
  const started = now();
  const startedAt = new Date().toISOString();
  const machine = machineInfo({ docker: await engineVersion(docker), podman: await engineVersion(podman) });
  const figures: FigureResult[] = [];
  let errors = 0;

  let dockerServer: ServerProcess | undefined;
  const server = async () => (dockerServer ??= await startMikrocloud('docker'));
  const dockerTarget = async (): Promise<ContainerBenchTarget> => ({ ctx, engine: docker, api: (await server()).client, figure: (b) => b, prefix: '' });

  const figure = async (id: number, body: () => Promise<Omit<FigureResult, 'id' | 'title' | 'status' | 'seconds'> & { status?: FigureResult['status'] }>) => {
    if (!wanted(id) || abort.signal.aborted) return;
    process.stderr.write(`bench: figure ${id}: ${TITLES[id]}...\n`);
    const t0 = now();
    try {
      const result = await body();
      figures.push({ id, title: TITLES[id]!, status: result.status ?? 'measured', measurements: result.measurements, checks: result.checks, notes: result.notes, seconds: (now() - t0) / 1000 });
    } catch (err) {
      if (abort.signal.aborted) return;
      errors++;
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`bench: figure ${id} failed: ${message}\n`);
      figures.push({ id, title: TITLES[id]!, status: 'error', measurements: [], checks: [], notes: [message.split('\n')[0]!], seconds: (now() - t0) / 1000 });
    }
    process.stderr.write(`bench: figure ${id} took ${((now() - t0) / 1000).toFixed(1)} s\n`);
  };
  const merge = (sections: { measurements: FigureResult['measurements']; checks: FigureResult['checks']; notes: string[] }[]) => ({
    measurements: sections.flatMap((s) => s.measurements),
    checks: sections.flatMap((s) => s.checks),
    notes: sections.flatMap((s) => s.notes),
  });

  await figure(1, async () => listFigure(await dockerTarget()));
  await figure(2, async () => lifecycleFigure(await dockerTarget()));
  await figure(3, async () => throughputFigure(await dockerTarget()));
  let buildRoute: boolean | undefined;
  const notMounted = '`mikrocloud serve` does not mount POST /api/v1/images/build (packages/api/src/cli.ts)';
  const buildFigure = async (which: 'four' | 'six') => {
    buildRoute ??= await buildRouteMounted(await server());
    if (!buildRoute) return { status: 'not measurable' as const, measurements: [], checks: [], notes: [notMounted] };
    return (await buildFigures(ctx, docker, { four: which === 'four', six: which === 'six' }))[which];
  };
  await figure(4, () => buildFigure('four'));
  await figure(5, async () => logsFigure(ctx, docker, await server()));
  await figure(6, () => buildFigure('six'));
  await figure(7, () => startupFigure(ctx));
  await figure(8, async () => healthFigure(ctx, await server()));
  await figure(10, () => execFigure(ctx, docker));
  await figure(11, async () => registryPullFigure(ctx, docker, (await server()).client));
  await figure(13, async () => {
    buildRoute ??= await buildRouteMounted(await server());
    if (!buildRoute) return { status: 'not measurable' as const, measurements: [], checks: [], notes: [notMounted] };
    return nodeBuildsFigure(ctx, docker);
  });
  if (dockerServer) await dockerServer.stop();
  await figure(9, async () => {
    const podmanServer = await startMikrocloud('podman');
    try {
      const target: ContainerBenchTarget = { ctx, engine: podman, api: podmanServer.client, figure: () => 9, prefix: 'Podman: ' };
      return merge([await listFigure(target), await lifecycleFigure(target), await throughputFigure(target)]);
    } finally {
      await podmanServer.stop();
    }
  });

  await figure(12, () => eventsFigure(ctx, docker));
  await figure(REMOTE_FIGURE, () => remoteFigure(ctx));

  if (abort.signal.aborted) return 130;
  const report: BenchReport = { run_id: runId, started_at: startedAt, quick: ctx.quick, only, seconds: (now() - started) / 1000, machine, figures };
  const table = tables(report);
  process.stdout.write(`\n${table}\n\nrun ${runId}: ${Math.round(report.seconds)} s\n`);
  if ((!ctx.quick && !only) || values.write || values.merge) {
    const written = values.merge || only ? mergeReport(JSON.parse(readFileSync(repoPath('BENCHMARKS.json'), 'utf8')) as BenchReport, report) : report;
    writeFileSync(repoPath('BENCHMARKS.md'), markdown(written, findings(written.figures)));
    writeFileSync(repoPath('BENCHMARKS.json'), `${JSON.stringify(written, null, 2)}\n`);
    process.stdout.write(`${values.merge || only ? 'merged figures into' : 'wrote'} BENCHMARKS.md and BENCHMARKS.json\n`);
  }
  return errors > 0 ? 1 : 0;
}

main()
  .then(
    async (code) => {
      await cleanup();
      process.exit(code);
    },
    async (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      await cleanup();
      process.exit(1);
    },
  );
