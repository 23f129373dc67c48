import { describeContainerManagerConformance } from '@mikrocloud/core/testing';
import { PodmanContainerManager } from './podman-container-manager.js';
import { ROOTFUL_TEST_SOCKET } from './test-support.js';

describeContainerManagerConformance({
  name: 'podman (rootful)',
  createManager: () => new PodmanContainerManager({ socketPath: ROOTFUL_TEST_SOCKET, configuredRootless: false }),
  createScopedManager: (instanceId) => new PodmanContainerManager({ socketPath: ROOTFUL_TEST_SOCKET, configuredRootless: false, instanceId }),
  images: { busybox: 'busybox:latest' },
});
