import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileSteps, requireTestNpmRegistry } from '@mikrocloud/core/testing';
import { planFromDirectory } from '@mikrocloud/buildpacks';
import { BENCH_LABEL, type BenchContext, type Check, type EngineTarget, type FigureResult, type Measurement } from '../context.js';
import { run, runOk, startServerProcess, type ServerProcess } from '../processes.js';
import { gitEnv } from './builds.js';
import { median, now, p99 } from '../stats.js';

type Section = Omit<FigureResult, 'id' | 'title' | 'seconds'>;
const SCENARIOS = ['cold', 'one-line source change', 'dependency change (one package added)', 'unchanged rebuild'] as const;
type Scenario = (typeof SCENARIOS)[number];
/** The targets, mikrocloud / peer. */
const TARGETS: Record<Scenario, number> = { cold: 1.0, 'one-line source change': 0.6, 'dependency change (one package added)': 0.5, 'unchanged rebuild': 1.1 };
const PEER = 'git clone --depth 1 + docker build (legacy builder)';
const GENERATED = '.mikrocloud/Dockerfile';
const INSTALL = 'npm ci --omit=dev --prefer-offline --no-audit --no-fund';

const dependencies = (extra: boolean) => ({ chalk: '4.1.2', ms: '2.1.3', picocolors: '1.1.1', ...(extra ? { kleur: '4.1.5' } : {}) });
const manifest = (description: string, extra: boolean) =>
  `${JSON.stringify({ name: 'bench-node-app', version: '1.0.0', private: true, description, scripts: { start: 'node server.js' }, dependencies: dependencies(extra) }, null, 2)}\n`;
const server = (greeting: string) => `const http = require('http');
const ms = require('ms');
const chalk = require('chalk');
const pc = require('picocolors');
const greeting = ${JSON.stringify(greeting)};
http.createServer((q, s) => s.end(greeting + ': 2 days = ' + ms('2 days') + ' ms ' + pc.bold('!') + chalk.level)).listen(Number(process.env.PORT || 3000), '0.0.0.0');
`;

/** npm's lockfile for the app's manifest against the local registry, made on the host with a throw-away cache. */
async function lockfile(work: string, npmrc: string, extra: boolean): Promise<string> {
  const dir = join(work, `lock-${extra ? 'extra' : 'base'}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), manifest('lock', extra));
  writeFileSync(join(dir, '.npmrc'), npmrc);
  writeFileSync(join(work, 'npm-userconfig'), '');
  await runOk('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund', '--userconfig', join(work, 'npm-userconfig'), '--cache', join(work, 'npm-cache')], { cwd: dir });
  return readFileSync(join(dir, 'package-lock.json'), 'utf8');
}

interface Side {
  name: string;
  /** What a build of `repo` costs, with its log lines. */
  build(repo: string, dir: string, tag: string): Promise<{ ms: number; logs: string[] }>;
}

/**
 * Figure 13: a Node app with real dependencies (npm ci from the local verdaccio) built by the nixpacks
 * buildpack through `POST /api/v1/images/build?wait=true`, side by side with `git clone --depth 1`
 * + `docker build` (legacy builder) of the same generated Dockerfile, in four scenarios.
 */
export async function nodeBuildsFigure(ctx: BenchContext, engine: EngineTarget): Promise<Section> {
  const registry = await requireTestNpmRegistry();
  const work = join(ctx.tmpDir, 'node-builds');
  const home = join(work, 'home');
  mkdirSync(home, { recursive: true });
  const git = (cwd: string, args: string[]) => runOk('git', args, { cwd, env: gitEnv(home) });
  const npmrc = `registry=${registry.url}\n`;
  const locks = { base: await lockfile(work, npmrc, false), extra: await lockfile(work, npmrc, true) };

  const servers: ServerProcess[] = [];
  const startServer = async (builder: 'auto' | 'legacy') => {
    const config = join(work, `mikrocloud-${builder}.toml`);
    writeFileSync(
      config,
      [
        '[docker]',
        'runtime = "docker"',
        `socket_path = "${engine.socketPath}"`,
        `build_dir = "${join(work, `workspaces-${builder}`)}"`,
        '[server]',
        'host = "127.0.0.1"',
        'port = 0',
        `data_dir = "${join(work, `data-${builder}`)}"`,
        '[build]',
        'allowed_git_protocols = ["https", "ssh", "file"]',
        `builder = "${builder}"`,
        '',
      ].join('\n'),
    );
    const started = await startServerProcess({
      name: `mikrocloud-node-builds-${builder}`,
      script: ctx.scripts.mikrocloudServer,
      args: (port) => ['serve', '--config', config, '--port', String(port)],
      env: { MCBENCH_RUN_ID: ctx.runId },
      readyPath: '/health',
      logDir: ctx.logDir,
    });
    servers.push(started);
    return started;
  };
  const cacheBefore = await cacheMountRecords(engine);
  const viaApi = (name: string, api: ServerProcess): Side => ({
    name,
    async build(repo, _dir, tag) {
      const t0 = now();
      const record = await api.client.json<{ id: string; status: string; error: string | null }>('POST', '/api/v1/images/build?wait=true', { git_repo: repo, buildpack_type: 'nixpacks', image_tag: tag }, [200]);
      const ms = now() - t0;
      const answer = await api.client.request('GET', `/api/v1/images/builds/${record.id}/logs`);
      const logs = answer.body.toString('utf8').split('\n');
      if (record.status !== 'succeeded') throw new Error(`build ${tag} ${record.status}: ${record.error}\n${logs.slice(-15).join('\n')}`);
      return { ms, logs };
    },
  });
  let clones = 0;
  const peer: Side = {
    name: PEER,
    async build(repo, dir, tag) {
      // The Dockerfile mikrocloud generates for a builder without cache mounts (the legacy builder).
      const dockerfile = (await planFromDirectory(dir, {})).dockerfile;
      const clone = join(work, `peer-clone-${clones++}`);
      const t0 = now();
      await runOk('git', ['clone', '-q', '--depth', '1', repo, clone]);
      mkdirSync(join(clone, '.mikrocloud'));
      writeFileSync(join(clone, GENERATED), dockerfile);
      writeFileSync(join(clone, '.dockerignore'), '.git\n');
      const out = await run(engine.cli, ['build', '--label', `${BENCH_LABEL}=${ctx.runId}`, '-f', join(clone, GENERATED), '-t', tag, clone], {
        env: { ...process.env, DOCKER_BUILDKIT: '0', DOCKER_HOST: `unix://${engine.socketPath}` },
      });
      const ms = now() - t0;
      rmSync(clone, { recursive: true, force: true });
      if (out.code !== 0) throw new Error(`docker build ${tag} failed: ${out.stderr.slice(-2000)}`);
      return { ms, logs: out.stdout.split('\n') };
    },
  };

  const section: Section = { status: 'measured', measurements: [], checks: [], notes: [] };
  try {
    const sides = [viaApi('mikrocloud, builder auto (BuildKit here)', await startServer('auto')), viaApi('mikrocloud, builder legacy', await startServer('legacy')), peer];
    const times = new Map<string, number[]>();
    const uncached = new Map<string, string[][]>();
    const push = <T>(map: Map<string, T[]>, key: string, v: T) => map.set(key, [...(map.get(key) ?? []), v]);
    const rounds = ctx.quick ? 1 : 2;
    for (let r = 0; r < rounds && !ctx.signal.aborted; r++) {
      const order = r % 2 === 0 ? sides : [...sides].reverse();
      for (const [s, side] of order.entries()) {
        // Each side and round gets its own repository: nothing of it is in any cache, and its
        // package caches (keyed by the repository) start empty.
        const dir = join(work, `repo-${r}-${s}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'package.json'), manifest(`${ctx.runId} round ${r} ${side.name}`, false));
        writeFileSync(join(dir, 'package-lock.json'), locks.base);
        writeFileSync(join(dir, '.npmrc'), npmrc);
        writeFileSync(join(dir, 'nixpacks.toml'), `[phases.install]\ncmds = [${JSON.stringify(INSTALL)}]\n`);
        writeFileSync(join(dir, 'server.js'), server('hello'));
        await git(dir, ['init', '-q', '-b', 'main']);
        const commit = async (message: string) => {
          await git(dir, ['add', '-A']);
          await git(dir, ['commit', '-q', '-m', message]);
        };
        await commit('base');
        const repo = `file://${dir}`;
        const tag = (scenario: number) => `mcbench-${ctx.runId}-f13-${r}-${s}-${scenario}:bench`;
        for (const [i, scenario] of SCENARIOS.entries()) {
          if (scenario === 'one-line source change') {
            writeFileSync(join(dir, 'server.js'), server('hello again'));
            await commit('one line');
          } else if (scenario === 'dependency change (one package added)') {
            writeFileSync(join(dir, 'package.json'), manifest(`${ctx.runId} round ${r} ${side.name}`, true));
            writeFileSync(join(dir, 'package-lock.json'), locks.extra);
            await commit('add kleur');
          }
          const { ms, logs } = await side.build(repo, dir, tag(i));
          push(times, `${side.name}\n${scenario}`, ms);
          // FROM names an image and is never "from the cache": every other step must be.
          if (scenario === 'unchanged rebuild') push(uncached, side.name, dockerfileSteps(logs).filter((st) => !st.cached && !/^from\s/i.test(st.instruction)).map((st) => st.instruction));
        }
      }
    }
    const mk = (scenario: Scenario, side: string): Measurement => {
      const v = times.get(`${side}\n${scenario}`) ?? [];
      return { figure: 13, row: `Node app (npm ci from verdaccio, nixpacks), ${scenario}`, side, unit: 'ms', median: median(v), p99: p99(v), n: v.length };
    };
    for (const scenario of SCENARIOS) for (const side of sides) section.measurements.push(mk(scenario, side.name));
    for (const side of sides.slice(0, 2)) {
      for (const scenario of SCENARIOS) {
        const ratio = median(times.get(`${side.name}\n${scenario}`) ?? []) / median(times.get(`${PEER}\n${scenario}`) ?? []);
        const check: Check = { figure: 13, name: `${scenario}, ${side.name} / peer`, value: ratio, shown: `${ratio.toFixed(2)}×`, target: `≤ ${TARGETS[scenario].toFixed(1)}×`, pass: ratio <= TARGETS[scenario] };
        section.checks.push(check);
      }
    }
    for (const side of sides) {
      const runs = uncached.get(side.name) ?? [];
      const worst = runs.reduce((a, b) => (b.length > a.length ? b : a), [] as string[]);
      const shown = worst.length === 0 ? '0' : `${worst.length} (${worst.map((i) => i.slice(0, 40)).join('; ')})`;
      section.checks.push({ figure: 13, name: `unchanged rebuild, Dockerfile steps not from the cache, ${side.name}`, value: worst.length, shown, target: '0', pass: runs.length > 0 && worst.length === 0 });
    }
    section.notes.push(
      `figure 13: a Node app (chalk 4 with five dependencies, ms, picocolors; package-lock.json, .npmrc naming the local verdaccio of tools/engines/verdaccio.sh, nixpacks.toml running \`npm ci --omit=dev --prefer-offline\`) in a file:// git repository per side and round; each side builds it cold, after a one-line change to server.js, after adding kleur to package.json and the lockfile, and unchanged; ${rounds} round(s), sides alternating. mikrocloud builds through POST /api/v1/images/build?wait=true with the nixpacks buildpack, once with the server's default builder (\`auto\`, BuildKit on this engine, npm's cache mounted per repository) and once with \`[build] builder = "legacy"\`; the peer runs \`git clone --depth 1\` and \`DOCKER_BUILDKIT=0 docker build\` of the Dockerfile the buildpack generates for a builder without cache mounts`,
    );
  } finally {
    for (const s of servers) await s.stop();
    await pruneCacheMounts(engine, cacheBefore);
  }
  return section;
}

/** BuildKit's cache-mount records: id and description (`cached mount /root/.npm from exec sh -c ...`). */
async function cacheMountRecords(engine: EngineTarget): Promise<Map<string, string>> {
  try {
    const df = await engine.raw.json<{ BuildCache?: { ID: string; Type: string; Description?: string }[] | null }>('GET', '/system/df');
    return new Map((df.BuildCache ?? []).filter((c) => c.Type === 'exec.cachemount').map((c) => [c.ID, c.Description ?? '']));
  } catch {
    return new Map();
  }
}

/**
 * Removes the npm cache-mount records this figure's builds made. They carry no label and their
 * description names no cache id: ours are the ones that appeared during the run for its install command.
 */
async function pruneCacheMounts(engine: EngineTarget, before: Map<string, string>): Promise<void> {
  const after = await cacheMountRecords(engine);
  for (const [id, description] of after) {
    if (before.has(id) || !description.endsWith(`sh -c ${INSTALL}`)) continue;
    await engine.raw.json('POST', `/build/prune?filters=${encodeURIComponent(JSON.stringify({ id: [id] }))}`, undefined, [200]).catch(() => {});
  }
}
