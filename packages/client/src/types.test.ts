import { describe, expect, it } from 'vitest';
import { createClient, type BuildRecord, type MikrocloudClient } from './index.js';

// Compile-time checks: `tsc` fails when a `@ts-expect-error` line stops being an error.
function misuse(client: MikrocloudClient, maybeToken: string | undefined): void {
  // @ts-expect-error a container needs an image
  void client.containers.create({ name: 'web' });
  // @ts-expect-error a build status is one of the listed literals
  void client.builds.list({ status: 'done' });
  // @ts-expect-error events take the engine's object types only
  void client.events({ types: ['pod'] });
  // @ts-expect-error an exec command is an argv list, not a shell string
  void client.containers.exec('web', { command: 'echo hi' });
  // Options accept `undefined` under exactOptionalPropertyTypes (values straight from env or forms).
  void createClient({ baseUrl: 'http://127.0.0.1:3000', token: maybeToken });
  void client.containers.logs('web', { follow: undefined, tail: undefined });
  const status: BuildRecord['status'] = 'timed_out';
  void status;
}

describe('public types', () => {
  it('compile as documented (checked by tsc)', () => {
    expect(typeof misuse).toBe('function');
  });
});
