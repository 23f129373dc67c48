import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { BENCH_LABEL, BUSYBOX, removeRunContainers, type BenchContext, type Check, type EngineTarget, type Measurement } from '../context.js';
import { run } from '../processes.js';
import { median, now, p99 } from '../stats.js';

/** Figure 10's number. */
export const EXEC_FIGURE = 10;

/** One `true` through the SDK: exec, read the (empty) output, await the exit code. */
async function sdkRoundTrip(manager: DockerContainerManager, id: string): Promise<number> {
  const t0 = now();
  const session = await manager.exec(id, { command: ['true'] });
  for await (const _line of session) {
    // `true` prints nothing; reading drains the stream the way any caller does.
  }
  const code = await session.exitCode;
  if (code !== 0) throw new Error(`exec of true exited ${code}`);
  return now() - t0;
}

async function cliRoundTrip(engine: EngineTarget, id: string): Promise<number> {
  const t0 = now();
  const result = await run(engine.cli, ['exec', id, 'true'], { stdout: 'ignore' });
  if (result.code !== 0) throw new Error(`${engine.cli} exec exited ${result.code}: ${result.stderr.slice(0, 300)}`);
  return now() - t0;
}

/**
 * Figure 10: the round trip of `true` exec'd in a running container, through the SDK
 * (`manager.exec` + reading to the exit code) vs `docker exec <id> true`; median of N each,
 * alternating, after a warm-up of each.
 */
export async function execFigure(ctx: BenchContext, engine: EngineTarget): Promise<{ measurements: Measurement[]; checks: Check[]; notes: string[] }> {
  const rounds = ctx.quick ? 5 : 30;
  // The bench label is under the reserved io.mikrocloud. prefix: a manager's own labels may use it.
  const manager = new DockerContainerManager({ socketPath: engine.socketPath, labels: { [BENCH_LABEL]: ctx.runId } });
  try {
    const created = await manager.create({
      image: BUSYBOX,
      name: `mcbench-${ctx.runId}-f10-exec`,
      command: ['sleep', '3600'],
    });
    await manager.start(created.id);
    await sdkRoundTrip(manager, created.id);
    await cliRoundTrip(engine, created.id);
    const sdk: number[] = [];
    const cli: number[] = [];
    for (let r = 0; r < rounds && !ctx.signal.aborted; r++) {
      if (r % 2 === 0) {
        sdk.push(await sdkRoundTrip(manager, created.id));
        cli.push(await cliRoundTrip(engine, created.id));
      } else {
        cli.push(await cliRoundTrip(engine, created.id));
        sdk.push(await sdkRoundTrip(manager, created.id));
      }
    }
    const row = 'exec `true` in a running container, round trip';
    const mk = (side: string, v: number[]): Measurement => ({ figure: EXEC_FIGURE, row, side, unit: 'ms', median: median(v), p99: p99(v), n: v.length });
    const ratio = median(sdk) / median(cli);
    return {
      measurements: [mk('mikrocloud SDK', sdk), mk(`${engine.cli} exec`, cli)],
      checks: [{ figure: EXEC_FIGURE, name: `exec round trip mikrocloud SDK / ${engine.cli} exec`, value: ratio, shown: `${ratio.toFixed(2)}×`, target: '< 1×', pass: ratio < 1 }],
      notes: [
        `figure ${EXEC_FIGURE}: \`manager.exec(id, {command: ['true']})\` read to its exit code vs \`${engine.cli} exec <id> true\` (a new CLI process each), ${rounds} round(s) each, alternating, after a warm-up of each`,
      ],
    };
  } finally {
    await removeRunContainers(engine, ctx.runId);
  }
}
