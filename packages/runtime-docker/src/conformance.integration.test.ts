import { randomBytes } from 'node:crypto';
import { describeContainerManagerConformance, requireTestRegistry, temporaryBindRoot } from '@mikrocloud/core/testing';
import { DockerContainerManager } from './docker-container-manager.js';

const bindRoot = temporaryBindRoot();

describeContainerManagerConformance({
  name: 'docker',
  createManager: () =>
    new DockerContainerManager({ socketPath: '/var/run/docker.sock', allowedBindRoots: [bindRoot], instanceId: `mctest-${randomBytes(4).toString('hex')}` }),
  createScopedManager: (instanceId) => new DockerContainerManager({ socketPath: '/var/run/docker.sock', instanceId }),
  images: { busybox: 'busybox:latest' },
  bindRoot,
  registry: requireTestRegistry(),
});
