import { validateContainerConfig } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { toCreateBody, toContainerDetails } from '../containers/mapping.js';
import type { EngineContainerInspect } from '../engine/types.js';

describe('mounts and networks on the wire', () => {
  it('puts mounts and the first network on the create body', () => {
    const body = toCreateBody(
      validateContainerConfig({
        image: 'busybox',
        mounts: [
          { type: 'volume', source: 'data', target: '/data', read_only: true },
          { type: 'tmpfs', target: '/tmp', size_mb: 8 },
          { type: 'bind', source: '/srv/app', target: '/app' },
        ],
        networks: [{ name: 'backend', aliases: ['db'] }, { name: 'front' }],
      }),
    );
    expect(body.HostConfig.Mounts).toEqual([
      { Type: 'volume', Source: 'data', Target: '/data', ReadOnly: true },
      { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 8 * 1024 * 1024 } },
      { Type: 'bind', Source: '/srv/app', Target: '/app', ReadOnly: false },
    ]);
    expect(body.HostConfig.NetworkMode).toBe('backend');
    expect(body.NetworkingConfig).toEqual({ EndpointsConfig: { backend: { Aliases: ['db'] } } });
    expect(toCreateBody(validateContainerConfig({ image: 'busybox' })).NetworkingConfig).toBeUndefined();
  });

  const inspect = (extra: Partial<EngineContainerInspect>): EngineContainerInspect => ({ Id: 'abcdef0123456789', Name: '/web', ...extra });

  it('reads mounts as Docker reports them', () => {
    const details = toContainerDetails(
      inspect({
        Mounts: [
          { Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', RW: false },
          { Type: 'bind', Source: '/srv/app', Destination: '/app', RW: true },
          { Type: 'tmpfs', Source: '', Destination: '/tmp', RW: true },
        ],
        HostConfig: { Mounts: [{ Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { SizeBytes: 8 * 1024 * 1024 } }] },
      }),
    );
    expect(details.mounts).toEqual([
      { type: 'volume', source: 'data', target: '/data', read_only: true },
      { type: 'bind', source: '/srv/app', target: '/app', read_only: false },
      { type: 'tmpfs', target: '/tmp', size_mb: 8 },
    ]);
  });

  it('reads tmpfs mounts as Podman reports them', () => {
    const details = toContainerDetails(inspect({ HostConfig: { Tmpfs: { '/t': 'size=1048576,mode=0,rw', '/u': 'rw' } } }));
    expect(details.mounts).toEqual([{ type: 'tmpfs', target: '/t', size_mb: 1 }, { type: 'tmpfs', target: '/u' }]);
  });

  it('reports networks without the aliases the engine adds', () => {
    const details = toContainerDetails(
      inspect({ NetworkSettings: { Networks: { backend: { Aliases: ['db', 'abcdef012345', 'web'], IPAddress: '10.89.0.2' }, front: { Aliases: null, IPAddress: '' } } } }),
    );
    expect(details.networks).toEqual([
      { name: 'backend', aliases: ['db'], ip_address: '10.89.0.2' },
      { name: 'front', aliases: [], ip_address: null },
    ]);
  });
});
