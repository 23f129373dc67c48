import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { validateContainerConfig } from './container-config.js';

function problemsOf(input: unknown) {
  try {
    validateContainerConfig(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

describe('validateContainerConfig', () => {
  it('accepts the documented example and parses its ports host → container', () => {
    const config = validateContainerConfig({
      image: 'nginx:alpine',
      name: 'my-nginx',
      ports: { '8080': '80' },
      environment: { ENV: 'production' },
      restart_policy: 'unless-stopped',
    });
    expect(config.port_bindings).toEqual([{ host_ip: '0.0.0.0', host_port: 8080, container_port: 80, protocol: 'tcp' }]);
  });

  it('parses host addresses and protocols', () => {
    const { port_bindings } = validateContainerConfig({
      image: 'busybox',
      ports: { '127.0.0.1:5353': '53/udp', '[::1]:8443': 443, '9000/udp': '9000' },
    });
    expect(port_bindings).toEqual([
      { host_ip: '127.0.0.1', host_port: 5353, container_port: 53, protocol: 'udp' },
      { host_ip: '::1', host_port: 8443, container_port: 443, protocol: 'tcp' },
      { host_ip: '0.0.0.0', host_port: 9000, container_port: 9000, protocol: 'udp' },
    ]);
  });

  it('names every field at fault', () => {
    const problems = problemsOf({
      image: 'Bad Image!',
      name: '-x',
      ports: { '70000': '80', '8080': 'http' },
      restart_policy: 'sometimes',
      labels: { 'io.mikrocloud.managed': 'false' },
      surprise: true,
    });
    const fields = problems.map((p) => p.field);
    expect(fields).toContain('surprise');
    expect(fields).toContain('restart_policy');
  });

  it('checks grammars once the schema passes', () => {
    const fields = problemsOf({
      image: 'Bad Image!',
      name: '-x',
      ports: { '70000': '80', '8080': 'http', '1.2.3:80': '80' },
      environment: { 'A=B': '1' },
      labels: { 'io.mikrocloud.managed': 'false' },
    }).map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining(['image', 'name', 'ports.70000', 'ports.8080', 'ports.1.2.3:80', 'environment.A=B', 'labels.io.mikrocloud.managed']),
    );
  });

  it('reserves io.mikrocloud. label keys, except the test-run label', () => {
    expect(problemsOf({ image: 'busybox', labels: { 'io.mikrocloud.image': 'x' } }).map((p) => p.field)).toEqual([
      'labels.io.mikrocloud.image',
    ]);
    expect(validateContainerConfig({ image: 'busybox', labels: { 'io.mikrocloud.test': 'run1' } }).labels).toEqual({
      'io.mikrocloud.test': 'run1',
    });
  });

  it('rejects a missing image and wrong types', () => {
    expect(problemsOf({}).map((p) => p.field)).toContain('image');
    expect(problemsOf({ image: 'x', command: 'sh -c "rm -rf /"' }).map((p) => p.field)).toContain('command');
  });
});
