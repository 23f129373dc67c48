import type { ContainerConfig, ContainerDetails } from '../../schemas/container.js';
import type { NetworkInfo, VolumeInfo } from '../../schemas/storage.js';
import { collect, type ConformanceContext } from './context.js';

/** Volumes, networks and the containers using them, created by one group and removed in its `afterAll`. */
export interface StorageTracker {
  volume(slug: string): Promise<VolumeInfo>;
  network(slug: string, internal?: boolean): Promise<NetworkInfo>;
  /** A busybox container (tracked for removal before the volumes and networks it uses). */
  container(slug: string, config?: Partial<ContainerConfig>): Promise<ContainerDetails>;
  /** Runs a command to completion; its exit code and its output. */
  run(slug: string, config: Partial<ContainerConfig>): Promise<{ exitCode: number; output: string }>;
  cleanup(): Promise<void>;
}

export function trackStorage(ctx: ConformanceContext): StorageTracker {
  const volumes = new Set<string>();
  const networks = new Set<string>();
  const containers = new Set<string>();
  const tolerate = (failures: unknown[]) => (error: unknown) => {
    if ((error as { code?: unknown })?.code !== 'not_found') failures.push(error);
  };
  return {
    async volume(slug) {
      const name = ctx.nameFor(slug);
      volumes.add(name);
      return ctx.manager.createVolume({ name, labels: ctx.runLabels });
    },
    async network(slug, internal) {
      const name = ctx.nameFor(slug);
      networks.add(name);
      return ctx.manager.createNetwork({ name, labels: ctx.runLabels, ...(internal === undefined ? {} : { internal }) });
    },
    async container(slug, config) {
      const c = await ctx.create(slug, config);
      containers.add(c.id);
      return c;
    },
    async run(slug, config) {
      const { details, exitCode } = await ctx.runToEnd(slug, config);
      containers.add(details.id);
      const output = (await collect(ctx.manager.logs(details.id))).map((l) => l.line).join('\n');
      return { exitCode, output };
    },
    async cleanup() {
      const failures: unknown[] = [];
      for (const id of containers) await ctx.manager.remove(id, { force: true }).catch(tolerate(failures));
      for (const name of networks) await ctx.manager.removeNetwork(name).catch(tolerate(failures));
      for (const name of volumes) await ctx.manager.removeVolume(name, { force: true }).catch(tolerate(failures));
      if (failures.length > 0) throw new AggregateError(failures, `cleanup of the volumes and networks of run ${ctx.runId} failed`);
    },
  };
}
