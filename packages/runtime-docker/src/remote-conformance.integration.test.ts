import { randomBytes } from 'node:crypto';
import { describeContainerManagerConformance, type ConformanceGroup } from '@mikrocloud/core/testing';
import { DockerContainerManager } from './docker-container-manager.js';
import { requireRemoteEngine } from './remote-test-engine.js';

const remote = requireRemoteEngine();

/**
 * The groups whose calls take every path a transport has: plain calls, long-lived streams (logs,
 * events, exec's hijacked connection), uploads (builds) and cancellation. The rest (ports,
 * volumes, networks, resources, health, registry, housekeeping, ...) exercise the engine, not the
 * way to it, and run against the local engines.
 */
const groups: ConformanceGroup[] = ['engine', 'lifecycle', 'errors', 'logs-wait', 'cancellation', 'exec', 'events', 'images-builds'];

const transports = {
  tls: { host: remote.tlsHost, tls: remote.tls },
  ssh: { host: remote.sshHost, ssh: remote.ssh },
} as const;

for (const [name, options] of Object.entries(transports)) {
  describeContainerManagerConformance({
    name: `docker (remote, ${name})`,
    createManager: () => new DockerContainerManager({ ...options, env: {}, instanceId: `mctest-${randomBytes(4).toString('hex')}` }),
    images: { busybox: 'busybox:latest' },
    hostAddress: remote.address,
    groups,
  });
}
