import { randomBytes } from 'node:crypto';
import { describeContainerManagerConformance, requireTestRegistry, temporaryBindRoot } from '@mikrocloud/core/testing';
import { PodmanContainerManager } from './podman-container-manager.js';
import { ROOTFUL_TEST_SOCKET } from './test-support.js';

const bindRoot = temporaryBindRoot();

describeContainerManagerConformance({
  name: 'podman (rootful)',
  createManager: () =>
    new PodmanContainerManager({
      socketPath: ROOTFUL_TEST_SOCKET,
      configuredRootless: false,
      allowedBindRoots: [bindRoot],
      instanceId: `mctest-${randomBytes(4).toString('hex')}`,
    }),
  createScopedManager: (instanceId) => new PodmanContainerManager({ socketPath: ROOTFUL_TEST_SOCKET, configuredRootless: false, instanceId }),
  images: { busybox: 'busybox:latest' },
  bindRoot,
  registry: requireTestRegistry(),
});
