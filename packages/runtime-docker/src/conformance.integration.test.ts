import { describeContainerManagerConformance } from '@mikrocloud/core/testing';
import { DockerContainerManager } from './docker-container-manager.js';

describeContainerManagerConformance({
  name: 'docker',
  createManager: () => new DockerContainerManager({ socketPath: '/var/run/docker.sock' }),
  createScopedManager: (instanceId) => new DockerContainerManager({ socketPath: '/var/run/docker.sock', instanceId }),
  images: { busybox: 'busybox:latest' },
});
