/**
 * `mikrocloud serve`, exactly as `packages/api/src/bin.ts` runs it, except that the managers it
 * makes put the benchmark's run label on everything they create (the API itself refuses
 * reserved `io.mikrocloud.` labels in request bodies), so cleanup finds every container.
 * Figure 7 (start time, idle RSS) runs the real bin.ts instead.
 */
import { runCli } from '@mikrocloud/api';

const runId = process.env.MCBENCH_RUN_ID;
if (!runId) throw new Error('MCBENCH_RUN_ID is not set');

runCli(process.argv.slice(2), { managerLabels: { 'io.mikrocloud.bench': runId } }).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`mikrocloud: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
