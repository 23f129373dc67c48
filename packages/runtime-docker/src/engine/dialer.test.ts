import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDialer, EngineTlsFileError, MAX_TLS_FILE_BYTES } from './dialer.js';

const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-test-dialer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tlsDialerWith(caFile: string) {
  const pem = join(dir, 'any.pem');
  writeFileSync(pem, 'not a pem');
  return createDialer({ kind: 'tcp', host: '127.0.0.1', port: 9, tls: { caFile, certFile: pem, keyFile: pem } });
}

describe('TLS dialer files', () => {
  it('refuses a FIFO without blocking, a device, a directory and an oversized file', () => {
    const fifo = join(dir, 'fifo.pem');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, 'big.pem');
    writeFileSync(big, Buffer.alloc(MAX_TLS_FILE_BYTES + 1, 0x41));
    for (const [file, why] of [[fifo, 'not a regular file'], ['/dev/zero', 'not a regular file'], [dir, 'not a regular file'], [big, 'larger than']] as const) {
      const request = () => tlsDialerWith(file).request({ path: '/_ping' });
      expect(request, file).toThrow(EngineTlsFileError);
      expect(request, file).toThrow(why);
    }
  });

  it('reports files it cannot use as TLS files with ETLSFILES', () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, 'not a pem');
    expect(() => tlsDialerWith(ca).request({ path: '/_ping' })).toThrow(expect.objectContaining({ code: 'ETLSFILES' }));
    expect(() => tlsDialerWith(join(dir, 'missing.pem')).request({ path: '/_ping' })).toThrow('ENOENT');
  });
});
