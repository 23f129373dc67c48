import { describeContainerManagerConformance } from '@mikrocloud/core/testing';
import { PodmanContainerManager } from './podman-container-manager.js';
import { ROOTLESS_TEST_SOCKET } from './test-support.js';

describeContainerManagerConformance({
  name: 'podman (rootless)',
  createManager: () => new PodmanContainerManager({ socketPath: ROOTLESS_TEST_SOCKET, configuredRootless: true }),
  createScopedManager: (instanceId) => new PodmanContainerManager({ socketPath: ROOTLESS_TEST_SOCKET, configuredRootless: true, instanceId }),
  images: { busybox: 'busybox:latest' },
});
