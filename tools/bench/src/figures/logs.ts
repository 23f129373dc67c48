import { BUSYBOX, removeRunContainers, type BenchContext, type Check, type EngineTarget, type Measurement } from '../context.js';
import { run, rssBytes, sampleRss, type ServerProcess } from '../processes.js';
import { median, now, p99 } from '../stats.js';

const MB = 1024 * 1024;
/** One log line: 96 characters and a newline, about what an application log line weighs. */
const LINE = '0123456789abcdef'.repeat(6);

/** Figure 5: streaming a big container log through the API vs `docker logs` > /dev/null. */
export async function logsFigure(ctx: BenchContext, engine: EngineTarget, server: ServerProcess) {
  const fig = 5;
  // Whole lines only: the API ends a last partial line with a newline, the CLI does not.
  const bytes = Math.floor(((ctx.quick ? 20 : 200) * MB) / (LINE.length + 1)) * (LINE.length + 1);
  const rounds = ctx.quick ? 1 : 2;
  const measurements: Measurement[] = [];
  const checks: Check[] = [];
  const notes: string[] = [];
  try {
    // Created through the API: a server reaches only the containers it created (scope "instance").
    const command = ['sh', '-c', `yes ${LINE} | head -c ${bytes}`];
    const { id } = await server.client.json<{ id: string }>('POST', '/api/v1/containers', { image: BUSYBOX, name: `mcbench-${ctx.runId}-f5-logs`, command }, [201]);
    await server.client.json('POST', `/api/v1/containers/${id}/start`);
    const waited = await engine.raw.json<{ StatusCode: number }>('POST', `/containers/${id}/wait`);
    if (waited.StatusCode !== 0) throw new Error(`the log writer exited ${waited.StatusCode}`);

    const apiRates: number[] = [];
    const cliRates: number[] = [];
    const growths: number[] = [];
    const viaApi = async () => {
      const before = rssBytes(server.pid);
      const sampler = sampleRss(server.pid);
      const t0 = now();
      const got = await server.client.drain(`/api/v1/containers/${id}/logs`);
      const seconds = (now() - t0) / 1000;
      const peak = sampler.stop();
      if (got !== bytes) throw new Error(`the API streamed ${got} bytes, expected ${bytes}`);
      apiRates.push(bytes / MB / seconds);
      growths.push((peak - before) / MB);
    };
    const viaCli = async () => {
      const t0 = now();
      const result = await run(engine.cli, ['logs', id], { stdout: 'ignore' });
      const seconds = (now() - t0) / 1000;
      if (result.code !== 0) throw new Error(`${engine.cli} logs exited ${result.code}: ${result.stderr.slice(0, 300)}`);
      cliRates.push(bytes / MB / seconds);
    };
    // Warm-up with the last lines only (JIT, connections): the log was written a moment ago, so
    // the engine's file is in the page cache for both sides already.
    const warmApi = await server.client.drain(`/api/v1/containers/${id}/logs?tail=20000`);
    if (warmApi === 0) throw new Error('the warm-up read no log');
    await run(engine.cli, ['logs', '--tail', '20000', id], { stdout: 'ignore' });
    for (let r = 0; r < rounds && !ctx.signal.aborted; r++) {
      const order = r % 2 === 0 ? [viaApi, viaCli] : [viaCli, viaApi];
      for (const fn of order) await fn();
    }
    const row = `stream ${(bytes / MB).toFixed(0)} MB of logs (text)`;
    const mk = (side: string, unit: string, v: number[]): Measurement => ({ figure: fig, row, side, unit, median: median(v), p99: p99(v), n: v.length });
    measurements.push(mk('mikrocloud', 'MB/s', apiRates), mk(`${engine.cli} logs > /dev/null`, 'MB/s', cliRates));
    measurements.push(mk('mikrocloud server RSS growth', 'MB', growths));
    const r = median(apiRates) / median(cliRates);
    checks.push({ figure: fig, name: `log streaming throughput mikrocloud / ${engine.cli} logs`, value: r, shown: `${r.toFixed(2)}×`, target: '≥ 0.8×', pass: r >= 0.8 });
    const worst = Math.max(...growths);
    checks.push({ figure: fig, name: 'server RSS growth while streaming (worst round)', value: worst, shown: `${worst.toFixed(1)} MB`, target: '≤ 50 MB', pass: worst <= 50 });
    notes.push(`figure 5: a busybox container wrote ${(bytes / MB).toFixed(0)} MB to stdout in lines of ${LINE.length + 1} bytes (json-file log driver); then GET /api/v1/containers/{id}/logs (text) drained by the bench vs \`${engine.cli} logs\` with stdout on /dev/null, ${rounds} round(s) each, alternating, after a warm-up of the last 20 000 lines each; server RSS sampled every 25 ms`);
  } finally {
    await removeRunContainers(engine, ctx.runId);
  }
  return { measurements, checks, notes };
}
