import { describe, expect, it } from 'vitest';
import { CancelledError, ConflictError, TimeoutError, NotFoundError, RuntimeError, RuntimeUnavailableError, UnprocessableError, ValidationError } from '@mikrocloud/core';
import { isConnectionError, mapEngineError } from './errors.js';
import { EngineHttpError, buildQuery, engineMessage } from './http.js';

function sysError(code: string, message = `connect ${code} /var/run/docker.sock`): Error {
  return Object.assign(new Error(message), { code });
}

describe('mapEngineError', () => {
  const subject = { subject: 'container "web"', action: 'start' };

  it('maps engine statuses by meaning', () => {
    const nf = mapEngineError(new EngineHttpError(404, 'No such container: web'), subject);
    expect(nf).toBeInstanceOf(NotFoundError);
    expect(nf.message).toBe('container "web" not found');
    const conflict = mapEngineError(new EngineHttpError(409, 'Conflict. The container name "/web" is already in use'), { subject: 'container "web"', action: 'create' });
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.message).toBe('cannot create container "web": Conflict. The container name "/web" is already in use');
    expect(mapEngineError(new EngineHttpError(400, 'invalid reference format'), subject)).toBeInstanceOf(ValidationError);
    expect(mapEngineError(new EngineHttpError(400, 'OCI runtime create failed'), subject)).toBeInstanceOf(RuntimeError);
    const taken = mapEngineError(new EngineHttpError(500, 'driver failed programming external connectivity on endpoint web (abc): Bind for 0.0.0.0:8080 failed: port is already allocated'), subject);
    expect(taken).toBeInstanceOf(ConflictError);
    const server = mapEngineError(new EngineHttpError(500, 'driver failed programming external connectivity'), subject);
    expect(server).toBeInstanceOf(RuntimeError);
    expect(server.message).toBe('cannot start container "web": driver failed programming external connectivity (engine status 500)');
  });

  it('maps a command the container cannot execute to 422 on both engines', () => {
    const docker = new EngineHttpError(
      400,
      'failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nope": executable file not found in $PATH: unknown',
    );
    const podman = new EngineHttpError(
      500,
      'runc: runc create failed: unable to start container process: exec: "nope": executable file not found in $PATH: OCI runtime attempted to invoke a command that was not found',
    );
    for (const err of [docker, podman]) {
      const mapped = mapEngineError(err, subject);
      expect(mapped).toBeInstanceOf(UnprocessableError);
      expect(mapped).toMatchObject({ code: 'unprocessable', status: 422 });
      expect(mapped.message).toMatch(/^cannot start container "web": .*executable file not found/);
    }
  });

  it('treats socket failures as unavailability and names where it looked', () => {
    for (const code of ['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'EACCES']) {
      const err = mapEngineError(sysError(code), { unavailableHint: 'Tried /x.sock (from default).' });
      expect(err, code).toBeInstanceOf(RuntimeUnavailableError);
      expect(err.message).toBe(`container engine unavailable (${code}). Tried /x.sock (from default).`);
    }
    expect(mapEngineError(new Error('socket hang up'))).toBeInstanceOf(RuntimeUnavailableError);
  });

  it('turns aborts into cancellations', () => {
    const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' });
    expect(mapEngineError(abort)).toBeInstanceOf(CancelledError);
    const signal = AbortSignal.abort();
    expect(mapEngineError(sysError('ECONNRESET'), { signal })).toBeInstanceOf(CancelledError);
  });

  it('turns an abort by AbortSignal.timeout() into timed_out', async () => {
    const signal = AbortSignal.timeout(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const mapped = mapEngineError(Object.assign(new Error('aborted'), { name: 'AbortError' }), { signal });
    expect(mapped).toBeInstanceOf(TimeoutError);
    expect(mapped.code).toBe('timed_out');
  });

  it('keeps only the first line of an unknown error and passes mikrocloud errors through', () => {
    const err = mapEngineError(new Error('boom\n    at stack (x.js:1:1)'));
    expect(err).toBeInstanceOf(RuntimeError);
    expect(err.message).toBe('boom');
    const mine = new ConflictError('taken');
    expect(mapEngineError(mine)).toBe(mine);
  });

  it('recognises connection errors', () => {
    expect(isConnectionError(sysError('ECONNREFUSED'))).toBe(true);
    expect(isConnectionError(new EngineHttpError(500, 'x'))).toBe(false);
  });
});

describe('engine-http helpers', () => {
  it('builds queries with repeated keys and no undefined values', () => {
    expect(buildQuery({ t: ['a:1', 'b:2'], rm: true, nocache: undefined, x: false, n: 3 })).toBe('?t=a%3A1&t=b%3A2&rm=1&x=0&n=3');
    expect(buildQuery({ a: undefined })).toBe('');
  });

  it('reads the engine message from JSON or text', () => {
    expect(engineMessage('{"message":"No such image: x"}\n')).toBe('No such image: x');
    expect(engineMessage('page not found\n')).toBe('page not found');
  });
});
