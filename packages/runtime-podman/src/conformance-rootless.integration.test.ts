import { randomBytes } from 'node:crypto';
import { describeContainerManagerConformance, requireTestRegistry, temporaryBindRoot } from '@mikrocloud/core/testing';
import { PodmanContainerManager } from './podman-container-manager.js';
import { ROOTLESS_TEST_SOCKET } from './test-support.js';

const bindRoot = temporaryBindRoot();

describeContainerManagerConformance({
  name: 'podman (rootless)',
  createManager: () =>
    new PodmanContainerManager({
      socketPath: ROOTLESS_TEST_SOCKET,
      configuredRootless: true,
      allowedBindRoots: [bindRoot],
      instanceId: `mctest-${randomBytes(4).toString('hex')}`,
    }),
  createScopedManager: (instanceId) => new PodmanContainerManager({ socketPath: ROOTLESS_TEST_SOCKET, configuredRootless: true, instanceId }),
  images: { busybox: 'busybox:latest' },
  bindRoot,
  registry: requireTestRegistry(),
});
