/**
 * `mikrocloud serve`, exactly as `packages/api/src/bin.ts` runs it, except that the managers it
 * makes put the benchmark's run label on everything they create (the API itself refuses
 * reserved `io.mikrocloud.` labels in request bodies), so cleanup finds every container.
 * Figure 7 (start time, idle RSS) runs the real bin.ts instead.
 */
import { managerFactories, runCli } from '@mikrocloud/api';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { PodmanContainerManager } from '@mikrocloud/runtime-podman';

const runId = process.env.MCBENCH_RUN_ID;
if (!runId) throw new Error('MCBENCH_RUN_ID is not set');
const labels = { 'io.mikrocloud.bench': runId };

managerFactories.docker = async (config, { env }) =>
  new DockerContainerManager({ ...(config.docker.socket_path ? { socketPath: config.docker.socket_path } : {}), env, labels });
managerFactories.podman = async (config, { env, logger }) =>
  new PodmanContainerManager({
    ...(config.docker.socket_path ? { socketPath: config.docker.socket_path } : {}),
    configuredRootless: config.docker.rootless,
    env,
    labels,
    logger,
  });

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`mikrocloud: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
