import { describe, expect, it } from 'vitest';
import { validateContainerConfig } from '@mikrocloud/core';
import {
  engineTime,
  normaliseState,
  portsFromBindings,
  portsFromList,
  restartPolicyFromEngine,
  restartPolicyToEngine,
  toContainerDetails,
  toContainerInfo,
  toCreateBody,
} from './mapping.js';
import type { EngineContainerInspect, EngineContainerSummary } from '../engine/types.js';

describe('toCreateBody', () => {
  it('maps the example configuration to the Engine API', () => {
    const config = validateContainerConfig({
      image: 'nginx:alpine',
      name: 'web',
      ports: { '8080': '80', '127.0.0.1:5353/udp': '53/udp' },
      environment: { NODE_ENV: 'production' },
      restart_policy: 'on-failure:5',
      command: ['nginx', '-g', 'daemon off;'],
      labels: { team: 'a' },
    });
    const body = toCreateBody(config);
    expect(body).toEqual({
      Image: 'nginx:alpine',
      Env: ['NODE_ENV=production'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Labels: {
        team: 'a',
        'io.mikrocloud.managed': 'true',
        'io.mikrocloud.image': 'nginx:alpine',
        'io.mikrocloud.ports': JSON.stringify(config.port_bindings),
      },
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      HostConfig: {
        PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }] },
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 5 },
      },
    });
  });
});

describe('restart policies', () => {
  it('round-trips every form', () => {
    for (const p of ['no', 'always', 'unless-stopped', 'on-failure', 'on-failure:3'] as const) {
      expect(restartPolicyFromEngine(restartPolicyToEngine(p))).toBe(p);
    }
    expect(restartPolicyFromEngine({ Name: '' })).toBe('no');
    expect(restartPolicyFromEngine(null)).toBe('no');
  });
});

describe('states and times', () => {
  it('normalises engine state words', () => {
    expect(normaliseState('running')).toBe('running');
    expect(normaliseState('Exited')).toBe('exited');
    expect(normaliseState('configured')).toBe('created');
    expect(normaliseState('stopped')).toBe('exited');
    expect(normaliseState('weird')).toBe('unknown');
    expect(normaliseState(undefined)).toBe('unknown');
  });

  it('turns the zero time into null', () => {
    expect(engineTime('0001-01-01T00:00:00Z')).toBeNull();
    expect(engineTime('')).toBeNull();
    expect(engineTime('2026-11-28T22:38:11.325539534Z')).toBe('2026-11-28T22:38:11.325Z');
  });
});

describe('ports', () => {
  it('collapses the IPv4 and IPv6 entries of one binding and skips unpublished ports', () => {
    expect(
      portsFromList([
        { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { PrivatePort: 443, Type: 'tcp' },
        { IP: '127.0.0.1', PrivatePort: 53, PublicPort: 5353, Type: 'udp' },
      ]),
    ).toEqual([
      { host_ip: '0.0.0.0', host_port: 8080, container_port: 80, protocol: 'tcp' },
      { host_ip: '127.0.0.1', host_port: 5353, container_port: 53, protocol: 'udp' },
    ]);
  });

  it('reads Podman-style list ports without an IP', () => {
    expect(portsFromList([{ PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }])).toEqual([{ host_ip: '0.0.0.0', host_port: 8080, container_port: 80, protocol: 'tcp' }]);
  });

  it('reads HostConfig.PortBindings', () => {
    expect(portsFromBindings({ '80/tcp': [{ HostIp: '', HostPort: '8080' }], '443/tcp': null, '53/udp': [{ HostIp: '::1', HostPort: '53' }] })).toEqual([
      { host_ip: '0.0.0.0', host_port: 8080, container_port: 80, protocol: 'tcp' },
      { host_ip: '::1', host_port: 53, container_port: 53, protocol: 'udp' },
    ]);
  });
});

const summary: EngineContainerSummary = {
  Id: 'abc',
  Names: ['/web'],
  Image: 'sha256:1234',
  Created: 1764369491,
  State: 'exited',
  Status: 'Exited (0) 2 minutes ago',
  Ports: [],
  Labels: {
    'io.mikrocloud.managed': 'true',
    'io.mikrocloud.image': 'nginx:alpine',
    'io.mikrocloud.ports': '[{"host_ip":"0.0.0.0","host_port":8080,"container_port":80,"protocol":"tcp"}]',
  },
};

describe('toContainerInfo', () => {
  it('uses the labels for the image and ports so stopped containers still report them', () => {
    expect(toContainerInfo(summary)).toEqual({
      id: 'abc',
      name: 'web',
      image: 'nginx:alpine',
      state: 'exited',
      status: 'Exited (0) 2 minutes ago',
      ports: [{ host_ip: '0.0.0.0', host_port: 8080, container_port: 80, protocol: 'tcp' }],
      labels: summary.Labels,
      created_at: '2025-11-28T22:38:11.000Z',
      health: { status: 'none' },
    });
  });

  it('falls back to the engine image and ports for unmanaged containers', () => {
    const info = toContainerInfo({ Id: 'x', Names: ['/other'], Image: 'redis:7', State: 'running', Created: 0, Labels: null, Ports: [{ IP: '0.0.0.0', PrivatePort: 6379, PublicPort: 6379, Type: 'tcp' }] });
    expect(info.image).toBe('redis:7');
    expect(info.ports).toEqual([{ host_ip: '0.0.0.0', host_port: 6379, container_port: 6379, protocol: 'tcp' }]);
    expect(info.labels).toEqual({});
  });
});

describe('toContainerDetails', () => {
  const inspect: EngineContainerInspect = {
    Id: 'abc',
    Name: '/web',
    Created: '2026-11-28T22:38:11.097Z',
    Image: 'sha256:1234',
    RestartCount: 0,
    State: { Status: 'created', ExitCode: 0, StartedAt: '0001-01-01T00:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' },
    Config: { Image: 'nginx:alpine', Env: ['A=1', 'B=x=y', 'EMPTY'], Cmd: ['nginx'], Entrypoint: null, WorkingDir: '', Tty: false, Labels: {} },
    HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] }, RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 } },
  };

  it('maps a never-started container', () => {
    expect(toContainerDetails(inspect)).toMatchObject({
      name: 'web',
      image: 'nginx:alpine',
      image_id: 'sha256:1234',
      state: 'created',
      environment: { A: '1', B: 'x=y', EMPTY: '' },
      restart_policy: 'unless-stopped',
      command: ['nginx'],
      entrypoint: [],
      exit_code: null,
      started_at: null,
      finished_at: null,
      ports: [{ host_ip: '0.0.0.0', host_port: 8080, container_port: 80, protocol: 'tcp' }],
    });
  });

  it('reports no working directory as "/", as Podman does', () => {
    expect(toContainerDetails(inspect).working_dir).toBe('/');
    expect(toContainerDetails({ ...inspect, Config: { ...inspect.Config, WorkingDir: '/app' } }).working_dir).toBe('/app');
  });

  it('reports the exit code once the container has stopped', () => {
    const exited = toContainerDetails({ ...inspect, State: { Status: 'exited', ExitCode: 3, StartedAt: '2026-11-28T22:38:12Z', FinishedAt: '2026-11-28T22:38:13Z' } });
    expect(exited).toMatchObject({ state: 'exited', exit_code: 3, started_at: '2026-11-28T22:38:12.000Z', finished_at: '2026-11-28T22:38:13.000Z' });
    const running = toContainerDetails({ ...inspect, State: { Status: 'running', ExitCode: 0, StartedAt: '2026-11-28T22:38:12Z', FinishedAt: '0001-01-01T00:00:00Z' } });
    expect(running.exit_code).toBeNull();
  });
});
