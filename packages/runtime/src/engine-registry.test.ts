import { NotFoundError, RuntimeUnavailableError, ValidationError, type ContainerManager, type RuntimeInfo } from '@mikrocloud/core';
import { describe, expect, it } from 'vitest';
import { createEngineRegistry } from './engine-registry.js';

/** A manager that answers info() (or fails, or never answers) and counts close() calls; nothing else is called. */
function fakeManager(runtime: string, answer: 'ok' | 'down' | 'hang' | 'slow-info', closed: string[] = []): ContainerManager {
  return {
    runtime,
    socketPath: `/fake/${runtime}`,
    ping: ({ signal }: { signal?: AbortSignal } = {}) => {
      if (answer === 'ok' || answer === 'slow-info') return Promise.resolve();
      if (answer === 'down') return Promise.reject(new RuntimeUnavailableError(`${runtime} engine is not reachable`));
      return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    },
    info: () => new Promise((resolve) => setTimeout(() => resolve({ version: '27.1.0' } as RuntimeInfo), answer === 'slow-info' ? 400 : 0)),
    close: async () => {
      closed.push(runtime);
    },
  } as unknown as ContainerManager;
}

describe('createEngineRegistry', () => {
  it('hands out managers by name and refuses an unknown name with a NotFoundError naming it', () => {
    const main = fakeManager('docker', 'ok');
    const edge = fakeManager('podman', 'ok');
    const engines = createEngineRegistry({ engines: [{ name: 'default', manager: main }, { name: 'edge-1', manager: edge, labels: { region: 'eu' } }] });
    expect(engines.get('default')).toBe(main);
    expect(engines.get('edge-1')).toBe(edge);
    expect(engines.names()).toEqual(['default', 'edge-1']);
    expect(engines.has('edge-1')).toBe(true);
    expect(() => engines.get('nope')).toThrow(NotFoundError);
    expect(() => engines.get('nope')).toThrow(/engine "nope" is not configured/);
  });

  it('refuses bad and duplicate names, naming the entry', () => {
    const manager = fakeManager('docker', 'ok');
    expect(() => createEngineRegistry({ engines: [{ name: 'Bad_Name', manager }] })).toThrow(ValidationError);
    expect(() => createEngineRegistry({ engines: [{ name: 'a', manager }, { name: 'a', manager }] })).toThrow(/named twice/);
  });

  it('lists every engine, an unreachable or silent one as reachable:false with its reason, without waiting past the probe timeout', async () => {
    const engines = createEngineRegistry({
      probeTimeoutMs: 200,
      engines: [
        { name: 'default', manager: fakeManager('docker', 'ok') },
        { name: 'down', manager: fakeManager('docker', 'down') },
        { name: 'silent', manager: fakeManager('podman', 'hang'), labels: { role: 'edge' } },
      ],
    });
    const started = Date.now();
    const list = await engines.list();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(list).toEqual([
      { name: 'default', runtime: 'docker', reachable: true, version: '27.1.0', labels: {} },
      { name: 'down', runtime: 'docker', reachable: false, reason: 'docker engine is not reachable', labels: {} },
      { name: 'silent', runtime: 'podman', reachable: false, reason: 'no answer within 200 ms', labels: { role: 'edge' } },
    ]);
  });

  it('reports an engine whose version comes late as reachable, and its version once it has come', async () => {
    const engines = createEngineRegistry({ probeTimeoutMs: 100, engines: [{ name: 'slow', manager: fakeManager('podman', 'slow-info') }] });
    expect(await engines.status('slow')).toEqual({ name: 'slow', runtime: 'podman', reachable: true, labels: {} });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await engines.status('slow')).toMatchObject({ reachable: true, version: '27.1.0' });
  });

  it('closes every manager', async () => {
    const closed: string[] = [];
    const engines = createEngineRegistry({ engines: [{ name: 'default', manager: fakeManager('docker', 'ok', closed) }, { name: 'b', manager: fakeManager('podman', 'ok', closed) }] });
    await engines.close();
    expect(closed.sort()).toEqual(['docker', 'podman']);
  });
});
