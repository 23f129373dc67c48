import { afterAll, beforeAll, describe } from 'vitest';
import { describeCancellationCases } from './cancellation.js';
import { CONFORMANCE_GROUPS, createConformanceContext, type ConformanceGroup, type ContainerManagerConformanceOptions } from './context.js';
import { describeEngineCases } from './engine.js';
import { describeEnvironmentAndLabelCases } from './environment-labels.js';
import { describeErrorCases } from './errors.js';
import { describeExecCases } from './exec.js';
import { describeHealthAndWaitCases } from './health.js';
import { describeEventCases } from './events.js';
import { describeHandleCases } from './handles.js';
import { describeImageAndBuildCases } from './images-builds.js';
import { describeImageHousekeepingCases } from './images-housekeeping.js';
import { describeLifecycleCases } from './lifecycle.js';
import { describeLogAndWaitCases } from './logs-wait.js';
import { describeMountCases } from './mounts.js';
import { describeNetworkCases } from './networks.js';
import { describeVolumeCases } from './volumes.js';
import { describePortCases } from './ports.js';
import { describeResourceCases } from './resources.js';
import { describeRegistryCases } from './registry.js';
import { describeRestartPolicyCases } from './restart-policies.js';

export { TEST_RUN_LABEL, CONFORMANCE_GROUPS } from './context.js';
export type { ConformanceGroup, ContainerManagerConformanceOptions } from './context.js';

/**
 * Registers vitest suites that check a {@link ContainerManager} against the contract: lifecycle
 * and states, ports, environment, labels and list filters, restart policies (stored and
 * effective), errors, logs, wait, concurrency, cancellation, images, builds, ping and info,
 * managed volumes, networks (containers reaching each other by name) and mounts, resource limits,
 * health checks and wait conditions, exec, registries (pull, push, credentials), events, handles
 * (`await using`) and image housekeeping.
 * Everything it creates is labelled `io.mikrocloud.test=<run id>`, named `mctest-<run id>-*`,
 * and removed in `afterAll`, whether the cases passed or not.
 *
 * @example
 * // my-runtime.integration.test.ts
 * import { describeContainerManagerConformance } from '@mikrocloud/core/testing';
 * describeContainerManagerConformance({
 *   name: 'my-runtime',
 *   createManager: () => new MyContainerManager({ socketPath: '/run/my.sock' }),
 *   images: { busybox: 'busybox:latest' },
 * });
 */
export function describeContainerManagerConformance(options: ContainerManagerConformanceOptions): void {
  const ctx = createConformanceContext(options);

  describe(`ContainerManager conformance: ${options.name}`, () => {
    beforeAll(async () => {
      ctx.attach(await options.createManager());
    });

    afterAll(() => ctx.cleanup());

    const groups: Record<ConformanceGroup, () => void> = {
      engine: () => describeEngineCases(ctx),
      lifecycle: () => describeLifecycleCases(ctx),
      errors: () => describeErrorCases(ctx),
      ports: () => describePortCases(ctx),
      'environment-labels': () => describeEnvironmentAndLabelCases(ctx),
      'restart-policies': () => describeRestartPolicyCases(ctx),
      'logs-wait': () => describeLogAndWaitCases(ctx),
      cancellation: () => describeCancellationCases(ctx),
      'images-builds': () => describeImageAndBuildCases(ctx),
      volumes: () => describeVolumeCases(ctx),
      networks: () => describeNetworkCases(ctx),
      mounts: () => describeMountCases(ctx, options.bindRoot),
      resources: () => describeResourceCases(ctx),
      health: () => describeHealthAndWaitCases(ctx),
      exec: () => describeExecCases(ctx),
      registry: () => describeRegistryCases(ctx, options.registry),
      events: () => describeEventCases(ctx),
      handles: () => describeHandleCases(ctx),
      'images-housekeeping': () => describeImageHousekeepingCases(ctx),
    };
    const chosen = options.groups ?? CONFORMANCE_GROUPS;
    for (const group of CONFORMANCE_GROUPS) if (chosen.includes(group)) groups[group]();
  });
}
