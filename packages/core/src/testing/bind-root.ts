import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * A fresh directory for the conformance suite's bind mounts (pass it as the manager's
 * `allowedBindRoots` and the suite's `bindRoot`), readable by a rootless engine's user, and
 * removed after the file's tests.
 */
export function temporaryBindRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'mctest-bind-'));
  chmodSync(root, 0o755);
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return root;
}
