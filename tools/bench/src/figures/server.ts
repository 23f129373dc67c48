import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { BenchContext, Check, Measurement } from '../context.js';
import { rssBytes, startServerProcess, type ServerProcess } from '../processes.js';
import { median, p99, sleep } from '../stats.js';

const MB = 1024 * 1024;
const mk = (figure: number, row: string, side: string, unit: string, v: number[]): Measurement => ({
  figure,
  row,
  side,
  unit,
  median: median(v),
  p99: p99(v),
  n: v.length,
});

/** Figure 7: idle RSS and time to first answer, the real `mikrocloud serve` vs a bare Hono app. */
export async function startupFigure(ctx: BenchContext) {
  const fig = 7;
  const rounds = ctx.quick ? 2 : 5;
  const idleMs = ctx.quick ? 1000 : 2000;
  const sides = [
    {
      side: 'mikrocloud serve',
      start: () =>
        startServerProcess({
          name: 'mikrocloud-bin',
          script: ctx.scripts.mikrocloudBin,
          args: (port) => ['serve', '--config', ctx.configFor('docker'), '--port', String(port)],
          readyPath: '/health',
          logDir: ctx.logDir,
        }),
      starts: [] as number[],
      rss: [] as number[],
    },
    {
      side: '@hono/node-server hello',
      start: () => startServerProcess({ name: 'hono-hello', script: ctx.scripts.honoHello, readyPath: '/', logDir: ctx.logDir }),
      starts: [] as number[],
      rss: [] as number[],
    },
  ];
  // One unrecorded start each: the loader's cache and the OS page cache, warm for both.
  for (const s of sides) await (await s.start()).stop();
  for (let r = 0; r < rounds && !ctx.signal.aborted; r++) {
    for (let k = 0; k < sides.length; k++) {
      const s = sides[(r + k) % sides.length]!;
      const server = await s.start();
      try {
        s.starts.push(server.startMs);
        await sleep(idleMs);
        s.rss.push(rssBytes(server.pid) / MB);
      } finally {
        await server.stop();
      }
    }
  }
  const [mc, hono] = sides as [(typeof sides)[0], (typeof sides)[0]];
  const measurements = [
    mk(fig, 'time to first answer after spawn', mc.side, 'ms', mc.starts),
    mk(fig, 'time to first answer after spawn', hono.side, 'ms', hono.starts),
    mk(fig, `idle RSS (${idleMs / 1000} s after the first answer)`, mc.side, 'MB', mc.rss),
    mk(fig, `idle RSS (${idleMs / 1000} s after the first answer)`, hono.side, 'MB', hono.rss),
  ];
  const startRatio = median(mc.starts) / median(hono.starts);
  const rss = median(mc.rss);
  const checks: Check[] = [
    { figure: fig, name: 'idle RSS of mikrocloud serve (p50)', value: rss, shown: `${rss.toFixed(1)} MB`, target: '≤ 80 MB', pass: rss <= 80 },
    { figure: fig, name: 'start to first answer, mikrocloud / hono hello', value: startRatio, shown: `${startRatio.toFixed(2)}×`, target: '≤ 2×', pass: startRatio <= 2 },
  ];
  const notes = [
    `figure 7: \`mikrocloud serve\` is the published bin, packages/api/dist/bin.js as \`npm run build\` makes it (its pure-JS dependencies bundled in); the peer is bundled with esbuild; both on plain node. ${rounds} starts each, alternating, after one unrecorded start each; time from spawn to the first HTTP answer (mikrocloud: GET /health, which pings the engine; hono: GET /)`,
  ];
  return { measurements, checks, notes };
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon in its own process (so it never shares an event loop with anything measured). */
function autocannon(url: string, seconds: number, connections: number): Promise<LoadResult> {
  const require = createRequire(import.meta.url);
  const bin = require.resolve('autocannon/autocannon.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--json', '-c', String(connections), '-d', String(seconds), url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${stderr.slice(-500)}`));
      try {
        const json = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
        resolve({ rps: json.requests.average, p50: json.latency.p50, p99: json.latency.p99, non2xx: json.non2xx, errors: json.errors });
      } catch (err) {
        reject(new Error(`autocannon printed no JSON: ${(err as Error).message}: ${stdout.slice(0, 300)}`));
      }
    });
  });
}

/** Figure 8: GET /health requests per second vs a bare node:http hello, same load tool. */
export async function healthFigure(ctx: BenchContext, mikrocloud: ServerProcess) {
  const fig = 8;
  const rounds = ctx.quick ? 1 : 3;
  const seconds = ctx.quick ? 2 : 4;
  const connections = 10;
  const peer = await startServerProcess({ name: 'node-hello', script: ctx.scripts.nodeHello, readyPath: '/', logDir: ctx.logDir });
  const sides = [
    { side: 'mikrocloud GET /health', url: `http://127.0.0.1:${mikrocloud.port}/health`, runs: [] as LoadResult[] },
    { side: 'node:http hello', url: `http://127.0.0.1:${peer.port}/`, runs: [] as LoadResult[] },
  ];
  try {
    for (const s of sides) await autocannon(s.url, 1, connections); // warm-up
    for (let r = 0; r < rounds && !ctx.signal.aborted; r++) {
      for (let k = 0; k < sides.length; k++) {
        const s = sides[(r + k) % sides.length]!;
        const result = await autocannon(s.url, seconds, connections);
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${s.side}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
        s.runs.push(result);
      }
    }
  } finally {
    await peer.stop();
  }
  const measurements: Measurement[] = [];
  for (const s of sides) {
    measurements.push(mk(fig, `requests/s, ${connections} connections, ${seconds} s`, s.side, 'req/s', s.runs.map((x) => x.rps)));
    measurements.push({ ...mk(fig, 'latency under that load (1 ms resolution)', s.side, 'ms', s.runs.map((x) => x.p50)), p99: median(s.runs.map((x) => x.p99)) });
  }
  const r = median(sides[0]!.runs.map((x) => x.rps)) / median(sides[1]!.runs.map((x) => x.rps));
  const checks: Check[] = [{ figure: fig, name: 'GET /health req/s, mikrocloud / node:http hello', value: r, shown: `${r.toFixed(2)}×`, target: '≥ 0.8×', pass: r >= 0.8 }];
  const notes = [`figure 8: autocannon ${connections} connections, ${rounds} × ${seconds} s per side, alternating, after 1 s warm-up each; latency row: median of each run's p50 and p99. mikrocloud writes its default JSON request log line per request (to a file)`];
  return { measurements, checks, notes };
}
