import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@mikrocloud/api';
import { startEmbeddedServer } from './embedded-server.js';

describe('embedded-server example on Docker', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startEmbeddedServer({
      manager: new DockerContainerManager({ socketPath: '/var/run/docker.sock' }),
      token: 'example-token-123',
      quiet: true,
    });
  });
  afterAll(() => server?.close());

  it('answers with the token and refuses without it', async () => {
    const withToken = await fetch(`${server.url}/api/v1/runtime/info`, {
      headers: { authorization: 'Bearer example-token-123' },
    });
    expect(withToken.status).toBe(200);
    expect(await withToken.json()).toMatchObject({ runtime: 'docker' });
    const without = await fetch(`${server.url}/api/v1/containers`);
    expect(without.status).toBe(401);
  });
});
