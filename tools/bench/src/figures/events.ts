import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { BENCH_LABEL, BUSYBOX, removeRunContainers, type BenchContext, type Check, type EngineTarget, type Measurement } from '../context.js';
import { median, now, p99, pool, sleep } from '../stats.js';

const MB = 1024 * 1024;

/** Resolves when `seen` holds `key`, with the time it was first seen. */
function arrival(seen: Map<string, number>, key: string, timeoutMs: number, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const deadline = now() + timeoutMs;
    const check = () => {
      const at = seen.get(key);
      if (at !== undefined) return resolve(at);
      if (signal.aborted || now() > deadline) return reject(new Error(`no event for ${key} within ${timeoutMs} ms`));
      setTimeout(check, 2);
    };
    check();
  });
}

/**
 * Figure 10: how long after the engine's own CLI (`docker events`, started beforehand) a
 * container's `start` event reaches a `for await` over mikrocloud's `events()` in this process
 * (both arrivals stamped with this process's `performance.now()`), and this process's memory
 * while `events()` streams thousands of events (`kill` events of a managed container).
 */
export async function eventsFigure(ctx: BenchContext, engine: EngineTarget) {
  const fig = 12;
  const rounds = ctx.quick ? 5 : 30;
  const flood = ctx.quick ? 1000 : 5000;
  // A busy engine answers a kill in tens of milliseconds or worse: stop sending after this long.
  const floodBudgetMs = ctx.quick ? 20_000 : 60_000;
  const measurements: Measurement[] = [];
  const checks: Check[] = [];
  const notes: string[] = [];
  const labels = { [BENCH_LABEL]: ctx.runId };
  const manager = new DockerContainerManager({ socketPath: engine.socketPath, labels });
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const cli = spawn(engine.cli, ['events', '--format', '{{json .}}', '--filter', 'type=container', '--filter', `label=${BENCH_LABEL}=${ctx.runId}`], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const viaCli = new Map<string, number>();
    const viaSdk = new Map<string, number>();
    createInterface({ input: cli.stdout }).on('line', (line) => {
      const at = now();
      try {
        const e = JSON.parse(line) as { Action?: string; Actor?: { ID?: string }; id?: string };
        const key = `${e.Action}:${e.Actor?.ID ?? e.id}`;
        if (!viaCli.has(key)) viaCli.set(key, at);
      } catch {
        // not an event line
      }
    });
    let kills = 0;
    const streaming = (async () => {
      for await (const e of manager.events({ types: ['container'], signal: stop.signal })) {
        const key = `${e.action}:${e.id}`;
        if (e.action === 'kill') kills++;
        else if (!viaSdk.has(key)) viaSdk.set(key, now());
      }
    })();
    // Both subscriptions need a moment after their request is answered.
    await sleep(1000);

    const lags: number[] = [];
    for (let r = 0; r < rounds && !ctx.signal.aborted; r++) {
      const c = await manager.create({ image: BUSYBOX, name: `mcbench-${ctx.runId}-f10-${r}`, command: ['sleep', '60'] });
      await manager.start(c.id);
      const [cliAt, sdkAt] = await Promise.all([arrival(viaCli, `start:${c.id}`, 10_000, ctx.signal), arrival(viaSdk, `start:${c.id}`, 10_000, ctx.signal)]);
      // Warm-up rounds: the first events pay for JIT and the stream's first chunk.
      if (r >= 2) lags.push(sdkAt - cliAt);
      await manager.remove(c.id, { force: true });
    }
    measurements.push({ figure: fig, row: 'container start event, arrival after the CLI', side: 'mikrocloud events()', unit: 'ms', median: median(lags), p99: p99(lags), n: lags.length });
    const worst = p99(lags);
    checks.push({ figure: fig, name: `events() after \`${engine.cli} events\` (p99)`, value: worst, shown: `${worst.toFixed(1)} ms`, target: '≤ 50 ms', pass: worst <= 50 });

    // Memory while streaming: thousands of `kill` events (SIGWINCH, which sleep ignores).
    const target = await manager.create({ image: BUSYBOX, name: `mcbench-${ctx.runId}-f10-flood`, command: ['sleep', '3600'] });
    await manager.start(target.id);
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    const budgetEnds = now() + floodBudgetMs;
    let sent = 0;
    await pool(Array.from({ length: flood }, (_, i) => i), 8, async () => {
      if (now() > budgetEnds) return;
      await engine.raw.json('POST', `/containers/${target.id}/kill?signal=SIGWINCH`, undefined, [204]);
      sent++;
    }, ctx.signal);
    const deadline = now() + 30_000;
    while (kills < sent && now() < deadline && !ctx.signal.aborted) await sleep(50);
    clearInterval(sampler);
    globalThis.gc?.();
    const after = process.memoryUsage().rss;
    if (kills < sent) throw new Error(`events() delivered ${kills} of ${sent} kill events within 30 s`);
    measurements.push({ figure: fig, row: `RSS while events() streamed ${sent} events`, side: 'bench process RSS growth', unit: 'MB', median: (after - before) / MB, p99: (peak - before) / MB, n: 1 });
    const growth = (peak - before) / MB;
    checks.push({ figure: fig, name: `RSS growth while streaming ${sent} events (peak)`, value: growth, shown: `${growth.toFixed(1)} MB`, target: '≤ 20 MB', pass: growth <= 20 });
    notes.push(
      `figure 12: \`${engine.cli} events\` (started first) and a \`for await\` over DockerContainerManager.events() in the bench process, both stamped with performance.now() on arrival; ${rounds} containers created and started (2 warm-up rounds dropped); then up to ${flood} SIGWINCH kills of one managed container (8 at a time, raw API, for at most ${floodBudgetMs / 1000} s) while events() counted them, RSS of the bench process sampled every 25 ms (the kill requests themselves are part of it, so this is an upper bound)`,
    );
  } finally {
    stop.abort();
    cli.kill();
    ctx.signal.removeEventListener('abort', onAbort);
    await removeRunContainers(engine, ctx.runId);
  }
  return { measurements, checks, notes };
}
