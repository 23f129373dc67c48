import { describeContainerManagerConformance, readTestRegistry } from '@mikrocloud/core/testing';
import { DockerContainerManager } from './docker-container-manager.js';

describeContainerManagerConformance({
  name: 'docker',
  createManager: () => new DockerContainerManager({ socketPath: '/var/run/docker.sock' }),
  images: { busybox: 'busybox:latest' },
  registry: readTestRegistry(),
});
