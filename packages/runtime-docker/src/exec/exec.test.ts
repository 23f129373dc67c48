import { describe, expect, it } from 'vitest';
import { toExecCreateBody } from './exec.js';

describe('toExecCreateBody', () => {
  it('attaches stdout and stderr without a terminal, and passes env, user and working dir', () => {
    expect(toExecCreateBody({ command: ['sh', '-c', 'echo $A'], env: { A: 'b c' }, user: '1000:1000', working_dir: '/tmp' })).toEqual({
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      Cmd: ['sh', '-c', 'echo $A'],
      Env: ['A=b c'],
      User: '1000:1000',
      WorkingDir: '/tmp',
    });
    expect(toExecCreateBody({ command: ['true'] })).not.toHaveProperty('Env');
  });
});
