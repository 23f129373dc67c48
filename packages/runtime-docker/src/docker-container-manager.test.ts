import { ValidationError } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { DockerContainerManager } from './docker-container-manager.js';

describe('DockerContainerManager construction', () => {
  it('refuses ssh key and known_hosts paths an ssh option cannot hold, naming the field', () => {
    for (const [ssh, field] of [
      [{ keyFile: '/k"ey' }, 'ssh.keyFile'],
      [{ knownHostsFile: '/known\nhosts' }, 'ssh.knownHostsFile'],
      [{ keyFile: '/key\r' }, 'ssh.keyFile'],
    ] as const) {
      const construct = () => new DockerContainerManager({ host: 'ssh://deploy@10.0.0.2', ssh, env: {} });
      expect(construct).toThrow(ValidationError);
      expect(construct).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ field })] }));
    }
    expect(() => new DockerContainerManager({ host: 'ssh://deploy@10.0.0.2', ssh: { keyFile: '/etc/mikrocloud/id 25519%h' }, env: {} })).not.toThrow();
  });

  it('refuses a host whose user cannot be decoded as unusable, naming the option', () => {
    expect(() => new DockerContainerManager({ host: 'ssh://%E0@host', env: {} })).toThrow(ValidationError);
  });

  it('closes without having connected, and twice', async () => {
    const docker = new DockerContainerManager({ host: 'ssh://deploy@10.0.0.2', env: {} });
    await expect(docker.close()).resolves.toBeUndefined();
    await expect(docker.close()).resolves.toBeUndefined();
  });
});
