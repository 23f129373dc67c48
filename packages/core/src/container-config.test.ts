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

  it('reports schema and grammar problems together, in words', () => {
    let error: unknown;
    try {
      validateContainerConfig({ image: 'nginx:alpine', name: 'eco bad', ports: { '99999': '80' }, restart_policy: 'sometimes' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const err = error as ValidationError;
    expect(err.name).toBe('ValidationError');
    expect(err.code).toBe('validation_failed');
    expect(err.problems).toEqual([
      { field: 'restart_policy', message: 'must be one of no, always, unless-stopped, on-failure, on-failure:N' },
      { field: 'name', message: 'must be 2 or more characters (letters, digits, "_", "." and "-"), starting with a letter or digit' },
      { field: 'ports.99999', message: 'host port "99999" must be a number from 1 to 65535' },
    ]);
    expect(err.message).toBe(
      'restart_policy: must be one of no, always, unless-stopped, on-failure, on-failure:N; name: must be 2 or more characters (letters, digits, "_", "." and "-"), starting with a letter or digit; ports.99999: host port "99999" must be a number from 1 to 65535',
    );
  });

  it('says what a field must be, not which keyword failed', () => {
    expect(problemsOf({ image: 5, ports: { '80': true }, tty: 'yes', working_dir: 'app' })).toEqual([
      { field: 'image', message: 'must be a string' },
      { field: 'ports.80', message: 'must be a string or an integer' },
      { field: 'working_dir', message: 'must be an absolute path (starting with /)' },
      { field: 'tty', message: 'must be a boolean' },
    ]);
    expect(problemsOf({ image: '' })).toEqual([{ field: 'image', message: 'must not be empty' }]);
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
