import { ValidationError, validateContainerConfig } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { applyContainerLimits, checkContainerDefaults, withDefaultHostIp } from './defaults.js';
import { toCreateBody } from './mapping.js';

describe('container defaults', () => {
  it('puts memory, CPU and pids limits on the create body', () => {
    const body = applyContainerLimits(toCreateBody(validateContainerConfig({ image: 'busybox' })), { memoryBytes: 1024, nanoCpus: 5e8, pidsLimit: 64 });
    expect(body.HostConfig).toMatchObject({ Memory: 1024, NanoCpus: 5e8, PidsLimit: 64 });
  });

  it('leaves the body alone without defaults', () => {
    const body = applyContainerLimits(toCreateBody(validateContainerConfig({ image: 'busybox' })), {});
    expect(body.HostConfig).not.toHaveProperty('Memory');
  });

  it('binds only the ports whose spec names no address to hostIp', () => {
    const valid = validateContainerConfig({ image: 'busybox', ports: { '8080': '80', '0.0.0.0:8081': '81', '8082/udp': '82', '10.0.0.1:8083': 83 } });
    const bindings = withDefaultHostIp(valid, '127.0.0.1').port_bindings.map((b) => [b.host_port, b.host_ip]);
    expect(bindings).toEqual([
      [8080, '127.0.0.1'],
      [8081, '0.0.0.0'],
      [8082, '127.0.0.1'],
      [8083, '10.0.0.1'],
    ]);
    expect(withDefaultHostIp(valid, undefined)).toBe(valid);
  });

  it('refuses limits that are not whole numbers above 0 and a hostIp that is not an address', () => {
    expect(() => checkContainerDefaults({ memoryBytes: 0 })).toThrow(ValidationError);
    expect(() => checkContainerDefaults({ nanoCpus: 1.5 })).toThrow('containerDefaults.nanoCpus');
    expect(() => checkContainerDefaults({ hostIp: 'localhost' })).toThrow('containerDefaults.hostIp');
    expect(checkContainerDefaults({ hostIp: '::1', pidsLimit: 10 })).toEqual({ hostIp: '::1', pidsLimit: 10 });
  });
});
