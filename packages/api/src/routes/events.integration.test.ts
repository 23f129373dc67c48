import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { defaultConfig } from '../config.js';
import { createManager } from '../manager.js';
import { TEST_ENGINES, TEST_LABEL, newRunId, readEvents, removeTestContainers } from '../test-support.js';

const runId = newRunId();

describe.each(TEST_ENGINES)('GET /api/v1/events ($name)', (target) => {
  const config = defaultConfig({});
  Object.assign(config.docker, { runtime: target.runtime, socket_path: target.socket, rootless: target.rootless });
  config.server.max_streams = 1;
  const appOf = async () => createApp({ manager: await createManager(config), config, tokens: [] });

  afterAll(() => removeTestContainers(runId, target.socket));

  it('streams container events as SSE with time_nano ids, resumes after Last-Event-ID, and counts against max_streams', async () => {
    const app = await appOf();
    const since = Math.floor(Date.now() / 1000) - 1;
    const controller = new AbortController();
    const res = await app.request(`/api/v1/events?since=${since}&types=container`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');

    // The one stream place is taken.
    const refused = await app.request('/api/v1/events');
    expect(refused.status).toBe(429);

    const created = await app.request('/api/v1/containers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: 'busybox:latest', name: `mctest-${runId}-events-${target.runtime}${target.rootless ? '-rootless' : ''}`, command: ['true'], labels: { [TEST_LABEL]: runId } }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await app.request(`/api/v1/containers/${id}/start`, { method: 'POST' })).status).toBe(200);

    const seen = await readEvents(res, (events) => events.some((e) => e.data.includes(id) && JSON.parse(e.data).action === 'die'));
    controller.abort();
    const ours = seen.filter((e) => (JSON.parse(e.data) as { id: string }).id === id);
    expect(ours.map((e) => JSON.parse(e.data).action)).toEqual(expect.arrayContaining(['create', 'start', 'die']));
    for (const event of ours) {
      expect(event.event).toBe('container');
      expect(event.id).toBe(JSON.parse(event.data).time_nano);
    }

    // A reconnect with the first event's id gets exactly the later ones.
    const first = ours[0]!;
    const until = Math.ceil(Date.now() / 1000) + 1;
    let resumed: Response | undefined;
    for (let attempt = 0; attempt < 20; attempt++) {
      resumed = await app.request(`/api/v1/events?since=${since}&until=${until}&types=container`, { headers: { 'Last-Event-ID': first.id! } });
      if (resumed.status !== 429) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(resumed?.status).toBe(200);
    const again = await readEvents(resumed!, (events) => events.some((e) => e.event === 'end'));
    const ids = again.filter((e) => e.event === 'container' && e.data.includes(id)).map((e) => e.id);
    // The live read stopped at `die`; the engine may have written more since (Podman: cleanup).
    expect(ids.slice(0, ours.length - 1)).toEqual(ours.slice(1).map((e) => e.id));
    expect(ids).not.toContain(first.id);
  }, 60_000);

  it('lists only built images and dry-runs a prune', async () => {
    const app = await appOf();
    const list = await app.request('/api/v1/images');
    expect(list.status).toBe(200);
    for (const image of (await list.json()) as { labels: Record<string, string> }[]) expect(image.labels['io.mikrocloud.build.id']).toBeDefined();
    const pruned = await app.request('/api/v1/images/prune?dry_run=true', { method: 'POST' });
    expect(pruned.status).toBe(200);
    expect(await pruned.json()).toMatchObject({ dry_run: true, removed: expect.any(Array) });
  });
});
