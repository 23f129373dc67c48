import {
  BENCH_LABEL,
  BUSYBOX,
  RAW_API_VERSION,
  rawCreate,
  rawRemove,
  rawStart,
  removeRunContainers,
  runFilter,
  type BenchContext,
  type Check,
  type EngineTarget,
  type Measurement,
} from '../context.js';
import type { HttpClient } from '../http-client.js';
import { runOk } from '../processes.js';
import { median, now, p99, pool } from '../stats.js';

/** What figures 1-3 need: an engine, and a mikrocloud server running on it. */
export interface ContainerBenchTarget {
  ctx: BenchContext;
  engine: EngineTarget;
  api: HttpClient;
  /** Figure number the results are filed under (1-3, or 9 for Podman). */
  figure: (base: 1 | 2 | 3) => number;
  /** Prefix of row names ("" for Docker, "Podman: " for figure 9). */
  prefix: string;
}

interface Section {
  measurements: Measurement[];
  checks: Check[];
  notes: string[];
}

const series = (figure: number, row: string, side: string, unit: string, values: number[]): Measurement => ({
  figure,
  row,
  side,
  unit,
  median: median(values),
  p99: p99(values),
  n: values.length,
});

const ratio = (value: number) => `${value.toFixed(2)}×`;

const apiCreateBody = (name: string) => ({ image: BUSYBOX, name, command: ['sleep', '3600'] });

async function apiCreate(api: HttpClient, name: string): Promise<string> {
  const created = await api.json<{ id: string }>('POST', '/api/v1/containers', apiCreateBody(name), [201]);
  return created.id;
}

/** Figure 1: listing managed containers, mikrocloud vs the raw API vs the CLI. */
export async function listFigure(t: ContainerBenchTarget): Promise<Section> {
  const { ctx, engine, api } = t;
  const fig = t.figure(1);
  const out: Section = { measurements: [], checks: [], notes: [] };
  const sizes = ctx.quick ? [10, 40] : [10, 200];
  const cliEvery = ctx.quick ? 8 : 10;
  const apiPath = `/api/v1/containers?label=${encodeURIComponent(`${BENCH_LABEL}=${ctx.runId}`)}`;
  // The same query the manager sends: managed label plus the run label, all=1.
  const rawPath = `/containers/json?all=1&filters=${encodeURIComponent(runFilter(ctx.runId, true))}`;
  const cliArgs = ['ps', '-a', '--filter', 'label=io.mikrocloud.managed=true', '--filter', `label=${BENCH_LABEL}=${ctx.runId}`];
  let created = 0;
  try {
    for (const size of sizes) {
      // Created once, not started (light); through the API, so they are managed like any other.
      const names = Array.from({ length: size - created }, (_, i) => `mcbench-${ctx.runId}-f${fig}-${created + i}`);
      await pool(names, 10, async (name) => {
        await apiCreate(api, name);
      }, ctx.signal);
      if (ctx.signal.aborted) throw new Error('interrupted');
      created = size;
      const apiCount = (await api.json<unknown[]>('GET', apiPath)).length;
      const rawCount = (await engine.raw.json<unknown[]>('GET', rawPath)).length;
      if (apiCount !== size || rawCount !== size) throw new Error(`expected ${size} containers, the API lists ${apiCount}, the engine ${rawCount}`);

      // Fewer at 200: one listing then costs the engine tens (Podman: hundreds) of milliseconds.
      const iterations = ctx.quick ? 40 : size <= 10 ? 300 : 100;
      const apiTimes: number[] = [];
      const rawTimes: number[] = [];
      const cliTimes: number[] = [];
      const apiOnce = async () => {
        const t0 = now();
        const a = await api.request('GET', apiPath);
        const ms = now() - t0;
        if (a.status !== 200) throw new Error(`GET ${apiPath} answered ${a.status}`);
        return ms;
      };
      const rawOnce = async () => {
        const t0 = now();
        const a = await engine.raw.request('GET', rawPath);
        const ms = now() - t0;
        if (a.status !== 200) throw new Error(`raw list answered ${a.status}`);
        return ms;
      };
      for (let i = 0; i < 20; i++) {
        await apiOnce();
        await rawOnce();
      }
      await runOk(engine.cli, cliArgs);
      for (let i = 0; i < iterations && !ctx.signal.aborted; i++) {
        // ABBA: each side goes first half of the time.
        if (i % 2 === 0) {
          apiTimes.push(await apiOnce());
          rawTimes.push(await rawOnce());
        } else {
          rawTimes.push(await rawOnce());
          apiTimes.push(await apiOnce());
        }
        if (i % cliEvery === 0) {
          const t0 = now();
          await runOk(engine.cli, cliArgs);
          cliTimes.push(now() - t0);
        }
      }
      const row = `${t.prefix}GET containers, ${size} managed`;
      out.measurements.push(series(fig, row, 'mikrocloud', 'ms', apiTimes));
      out.measurements.push(series(fig, row, 'raw API', 'ms', rawTimes));
      out.measurements.push(series(fig, row, `${engine.cli} ps -a`, 'ms', cliTimes));
      const apiP50 = median(apiTimes);
      const rawP50 = median(rawTimes);
      if (size === sizes[0]) {
        const delta = apiP50 - rawP50;
        out.checks.push({ figure: fig, name: `${t.prefix}list at ${size}: p50 mikrocloud − raw`, value: delta, shown: `+${delta.toFixed(2)} ms`, target: '≤ +1 ms', pass: delta <= 1 });
      } else {
        const r50 = apiP50 / rawP50;
        const r99 = p99(apiTimes) / p99(rawTimes);
        out.checks.push({ figure: fig, name: `${t.prefix}list at ${size}: p50 mikrocloud / raw`, value: r50, shown: ratio(r50), target: '≤ 1.3×', pass: r50 <= 1.3 });
        out.checks.push({ figure: fig, name: `${t.prefix}list at ${size}: p99 mikrocloud / raw`, value: r99, shown: ratio(r99), target: '≤ 1.3×', pass: r99 <= 1.3 });
      }
      const speedup = median(cliTimes) / apiP50;
      // The raw API's own lead over the CLI is the ceiling any client of the engine can reach.
      const ceiling = median(cliTimes) / rawP50;
      out.checks.push({ figure: fig, name: `${t.prefix}list at ${size}: ${engine.cli} ps p50 / mikrocloud p50`, value: speedup, shown: `${ratio(speedup)} (raw API: ${ratio(ceiling)})`, target: '≥ 10×', pass: speedup >= 10 });
    }
    out.notes.push(
      `figure ${fig}: busybox containers created through the API and not started; mikrocloud: GET /api/v1/containers?label=${BENCH_LABEL}=<run> (the manager adds the managed label); raw: GET /v${RAW_API_VERSION}/containers/json?all=1&filters={"label":["io.mikrocloud.managed=true","${BENCH_LABEL}=<run>"]}, the same query the manager sends; both over keep-alive agents; CLI: \`${engine.cli} ${cliArgs.join(' ').replace(ctx.runId, '<run>')}\`. Per size, 20 warm-up calls each, then ${ctx.quick ? 40 : '300 (10 containers) and 100 (200 containers)'} calls each alternating ABBA, and one CLI call every ${cliEvery} iterations`,
    );
    if (ctx.quick) out.notes.push(`quick run: ${sizes.join(' and ')} containers instead of 10 and 200`);
  } finally {
    await removeRunContainers(engine, ctx.runId);
  }
  return out;
}

/** Figure 2: create + start + remove of one container. */
export async function lifecycleFigure(t: ContainerBenchTarget): Promise<Section> {
  const { ctx, engine, api } = t;
  const fig = t.figure(2);
  const out: Section = { measurements: [], checks: [], notes: [] };
  const iterations = ctx.quick ? 4 : 15;
  let n = 0;
  const name = (side: string) => `mcbench-${ctx.runId}-f${fig}-${side}-${n++}`;
  const viaApi = async () => {
    const t0 = now();
    const id = await apiCreate(api, name('api'));
    await api.json('POST', `/api/v1/containers/${id}/start`);
    // timeout=0: stop with SIGKILL at once, what `docker rm -f` and the raw force-remove do.
    await api.json('DELETE', `/api/v1/containers/${id}?timeout=0`, undefined, [204]);
    return now() - t0;
  };
  const viaRaw = async () => {
    const t0 = now();
    const id = await rawCreate(engine, ctx.runId, name('raw'), ['sleep', '3600']);
    await rawStart(engine, id);
    await rawRemove(engine, id);
    return now() - t0;
  };
  const viaCli = async () => {
    const t0 = now();
    const id = (await runOk(engine.cli, ['run', '-d', '--label', `${BENCH_LABEL}=${ctx.runId}`, '--name', name('cli'), BUSYBOX, 'sleep', '3600'])).trim();
    // Podman's `rm -f` waits for the stop timeout (10 s) before SIGKILL; `-t 0` kills at once, as `docker rm -f` does.
    await runOk(engine.cli, ['rm', '-f', ...(engine.runtime === 'podman' ? ['-t', '0'] : []), id]);
    return now() - t0;
  };
  const sides = [
    { side: 'mikrocloud', fn: viaApi, times: [] as number[] },
    { side: 'raw API', fn: viaRaw, times: [] as number[] },
    { side: `${engine.cli} run -d + rm -f${engine.runtime === 'podman' ? ' -t 0' : ''}`, fn: viaCli, times: [] as number[] },
  ];
  try {
    for (const s of sides) await s.fn(); // warm-up
    for (let i = 0; i < iterations && !ctx.signal.aborted; i++) {
      // Rotate who goes first, so drift in machine load hits every side alike.
      for (let k = 0; k < sides.length; k++) {
        const s = sides[(i + k) % sides.length]!;
        s.times.push(await s.fn());
      }
    }
  } finally {
    await removeRunContainers(engine, ctx.runId);
  }
  out.notes.push(
    `figure ${fig}: busybox \`sleep 3600\`; mikrocloud: POST /api/v1/containers, POST .../start, DELETE .../{id}?timeout=0 (the API stops gracefully before removing; timeout 0 kills at once, as the peers do); raw: POST /containers/create, POST .../start, DELETE ...?force=1; CLI: \`${engine.cli} run -d\` + \`${engine.cli} rm -f${engine.runtime === 'podman' ? ' -t 0' : ''}\`. One warm-up each, then ${iterations} rounds rotating which side goes first`,
  );
  const row = `${t.prefix}create + start + remove`;
  for (const s of sides) out.measurements.push(series(fig, row, s.side, 'ms', s.times));
  const r = median(sides[0]!.times) / median(sides[1]!.times);
  out.checks.push({ figure: fig, name: `${t.prefix}create+start+remove p50 mikrocloud / raw`, value: r, shown: ratio(r), target: '≤ 1.1×', pass: r <= 1.1 });
  return out;
}

/** Figure 3: N containers created and started with 10 in flight. */
export async function throughputFigure(t: ContainerBenchTarget): Promise<Section> {
  const { ctx, engine, api } = t;
  const fig = t.figure(3);
  const out: Section = { measurements: [], checks: [], notes: [] };
  const count = ctx.quick ? 10 : 50;
  const rounds = ctx.quick ? 1 : 2;
  const concurrency = 10;
  let n = 0;
  const batch = async (side: 'api' | 'raw'): Promise<number> => {
    const names = Array.from({ length: count }, () => `mcbench-${ctx.runId}-f${fig}-${side}-${n++}`);
    const t0 = now();
    await pool(names, concurrency, async (name) => {
      if (side === 'api') {
        const id = await apiCreate(api, name);
        await api.json('POST', `/api/v1/containers/${id}/start`);
      } else {
        const id = await rawCreate(engine, ctx.runId, name, ['sleep', '3600']);
        await rawStart(engine, id);
      }
    }, ctx.signal);
    const seconds = (now() - t0) / 1000;
    await removeRunContainers(engine, ctx.runId); // not timed
    return count / seconds;
  };
  const apiRates: number[] = [];
  const rawRates: number[] = [];
  try {
    for (let r = 0; r < rounds && !ctx.signal.aborted; r++) {
      if (r % 2 === 0) {
        apiRates.push(await batch('api'));
        rawRates.push(await batch('raw'));
      } else {
        rawRates.push(await batch('raw'));
        apiRates.push(await batch('api'));
      }
    }
  } finally {
    await removeRunContainers(engine, ctx.runId);
  }
  const row = `${t.prefix}${count} created + started, concurrency ${concurrency}`;
  out.measurements.push(series(fig, row, 'mikrocloud', 'containers/s', apiRates));
  out.measurements.push(series(fig, row, 'raw API', 'containers/s', rawRates));
  const r = median(apiRates) / median(rawRates);
  out.checks.push({ figure: fig, name: `${t.prefix}create+start throughput mikrocloud / raw`, value: r, shown: ratio(r), target: '≥ 0.9×', pass: r >= 0.9 });
  out.notes.push(`figure ${fig}: ${count} busybox containers created and started (mikrocloud: POST create + POST start; raw: create + start) by ${concurrency} workers, wall time; ${rounds} round(s) per side alternating, median of the rounds (p99 of so few rounds is their maximum); removal is not timed`);
  return out;
}
