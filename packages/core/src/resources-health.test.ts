import { describe, expect, it } from 'vitest';
import { validateContainerConfig } from './container-config.js';
import { ValidationError } from './errors.js';
import { validateExecRequest } from './exec-request.js';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.problems.map((p) => p.field);
    throw err;
  }
  return [];
}

const config = (extra: Record<string, unknown>) => ({ image: 'busybox', ...extra });

describe('resources', () => {
  it('accepts limits and names each bad one', () => {
    expect(fieldsOf(() => validateContainerConfig(config({ resources: { memory_mb: 64, memory_swap_mb: -1, cpus: 0.5, pids_limit: 10 } })))).toEqual([]);
    expect(fieldsOf(() => validateContainerConfig(config({ resources: { memory_mb: 1, cpus: 0, pids_limit: 0, disk: 3 } })))).toEqual(
      expect.arrayContaining(['resources.memory_mb', 'resources.cpus', 'resources.pids_limit', 'resources.disk']),
    );
  });

  it('wants swap at least memory, and memory with it', () => {
    expect(fieldsOf(() => validateContainerConfig(config({ resources: { memory_mb: 64, memory_swap_mb: 32 } })))).toEqual(['resources.memory_swap_mb']);
    expect(fieldsOf(() => validateContainerConfig(config({ resources: { memory_swap_mb: 128 } })))).toEqual(['resources.memory_swap_mb']);
    expect(fieldsOf(() => validateContainerConfig(config({ resources: { memory_mb: 64, memory_swap_mb: 0 } })))).toEqual(['resources.memory_swap_mb']);
  });
});

describe('healthcheck', () => {
  it('accepts an argv check with bounded durations', () => {
    const healthcheck = { test: ['wget', '-q', 'http://127.0.0.1/'], interval_seconds: 5, timeout_seconds: 2, retries: 3, start_period_seconds: 0 };
    expect(fieldsOf(() => validateContainerConfig(config({ healthcheck })))).toEqual([]);
  });

  it('names each bad field', () => {
    expect(fieldsOf(() => validateContainerConfig(config({ healthcheck: { test: [] } })))).toEqual(['healthcheck.test']);
    expect(fieldsOf(() => validateContainerConfig(config({ healthcheck: { test: [' ', 'a\0b'] } })))).toEqual(['healthcheck.test.0', 'healthcheck.test.1']);
    expect(fieldsOf(() => validateContainerConfig(config({ healthcheck: { test: 'true' } })))).toEqual(['healthcheck.test']);
    expect(
      fieldsOf(() => validateContainerConfig(config({ healthcheck: { test: ['true'], interval_seconds: 0, timeout_seconds: 1e9, retries: 0, start_period_seconds: -1 } }))),
    ).toEqual(expect.arrayContaining(['healthcheck.interval_seconds', 'healthcheck.timeout_seconds', 'healthcheck.retries', 'healthcheck.start_period_seconds']));
  });
});

describe('validateExecRequest', () => {
  it('accepts argv with env, user and working dir', () => {
    expect(validateExecRequest({ command: ['ls', '-l'], env: { A: '1' }, user: 'nobody', working_dir: '/tmp' })).toMatchObject({ command: ['ls', '-l'] });
  });

  it('names each bad field', () => {
    expect(fieldsOf(() => validateExecRequest({ command: [] }))).toEqual(['command']);
    expect(fieldsOf(() => validateExecRequest({ command: '', tty: true }))).toEqual(expect.arrayContaining(['command', 'tty']));
    expect(fieldsOf(() => validateExecRequest({ command: ['', 'x\0'], env: { 'A=B': '1', C: 'x\0' } }))).toEqual(['command.0', 'command.1', 'env.A=B', 'env.C']);
    expect(fieldsOf(() => validateExecRequest({ command: ['ls'], user: 'a b', working_dir: 'tmp' }))).toEqual(['user', 'working_dir']);
  });
});

describe('validateExecRequest, schema and grammar together', () => {
  it('names grammar faults beside schema faults', () => {
    expect(fieldsOf(() => validateExecRequest({ command: ['true'], env: { 'A=B': '1' }, user: 'a b' }))).toEqual(['user', 'env.A=B']);
    expect(fieldsOf(() => validateExecRequest(null))).toEqual(['']);
  });
});
