import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SshDialer } from './ssh-dialer.js';

const dir = mkdtempSync(join(tmpdir(), 'mikrocloud-test-ssh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SshDialer', () => {
  it('quotes at most about 300 characters of the ssh client stderr in its error', async () => {
    // A stand-in for the ssh client that fails the way ssh does (status 255) with a long complaint.
    const command = join(dir, 'fake-ssh');
    writeFileSync(command, `#!/bin/sh\nyes x | head -n 3000 | tr -d '\\n' >&2\nexit 255\n`);
    chmodSync(command, 0o755);
    const dialer = new SshDialer({ kind: 'ssh', user: undefined, host: '127.0.0.1', port: 22, ssh: { command } }, 'ssh://127.0.0.1:22');
    const error = await new Promise<Error>((resolve) => {
      const request = dialer.request({ path: '/_ping' });
      request.on('error', resolve);
      request.end();
    });
    dialer.close();
    expect(error.message).toMatch(/^ssh to ssh:\/\/127\.0\.0\.1:22 failed: x+…$/);
    expect(error.message.length).toBeLessThan(400);
  });
});
