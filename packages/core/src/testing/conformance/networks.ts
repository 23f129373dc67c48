import { afterAll, describe, expect, it } from 'vitest';
import { Labels } from '../../labels.js';
import { rejectsWithCode, type ConformanceContext } from './context.js';
import { trackStorage } from './storage-support.js';

/** A client that fetches `/` from `host:8080` over plain TCP (busybox `nc`), retrying while DNS and the server settle. */
function fetchFrom(host: string): string[] {
  const request = String.raw`printf 'GET / HTTP/1.0\r\n\r\n'`;
  return ['sh', '-c', `for i in $(seq 1 20); do ${request} | nc -w 3 ${host} 8080 && exit 0; sleep 1; done; exit 1`];
}

/** Registers the cases for managed networks: lifecycle, joining at creation and later, reaching a container by name and alias. */
export function describeNetworkCases(ctx: ConformanceContext): void {
  describe('networks', () => {
    const storage = trackStorage(ctx);
    afterAll(() => storage.cleanup());

    it('creates, lists, inspects and removes a managed network', async () => {
      const n = await storage.network('net', true);
      expect(n).toMatchObject({ internal: true });
      expect(n.labels[Labels.managed]).toBe('true');
      expect(n.labels[Labels.test]).toBe(ctx.runId);
      expect(await ctx.manager.inspectNetwork(n.name)).toEqual(n);
      expect((await ctx.manager.listNetworks()).map((x) => x.name)).toContain(n.name);
      await rejectsWithCode(ctx.manager.createNetwork({ name: n.name, labels: ctx.runLabels }), 'conflict');
      await ctx.manager.removeNetwork(n.name);
      await rejectsWithCode(ctx.manager.inspectNetwork(n.name), 'not_found');
      expect((await ctx.manager.listNetworks()).map((x) => x.name)).not.toContain(n.name);
    });

    it('refuses reserved and malformed names, and never reaches the engine\'s own networks', async () => {
      for (const name of ['bridge', 'host', 'none', 'a b']) await rejectsWithCode(ctx.manager.createNetwork({ name }), 'validation_failed');
      await rejectsWithCode(ctx.manager.inspectNetwork('bridge'), 'not_found');
      await rejectsWithCode(ctx.manager.removeNetwork('bridge'), 'not_found');
      await rejectsWithCode(ctx.create('foreign', { networks: [{ name: 'bridge' }] }), 'not_found');
      await rejectsWithCode(ctx.create('missingnet', { networks: [{ name: ctx.missing }] }), 'not_found');
      await rejectsWithCode(ctx.create('badalias', { networks: [{ name: 'x', aliases: ['-bad'] }] }), 'validation_failed');
    });

    it(
      'lets containers on one network reach each other by name and by alias',
      async () => {
        const n = await storage.network('app');
        const server = await storage.container('server', {
          command: ['sh', '-c', `mkdir -p /www && echo ${ctx.runId} > /www/index.html && exec httpd -f -p 8080 -h /www`],
          networks: [{ name: n.name, aliases: ['db-alias'] }],
        });
        expect(server.networks).toEqual([{ name: n.name, aliases: ['db-alias'], ip_address: null }]);
        await ctx.manager.start(server.id);
        const running = await ctx.manager.inspect(server.id);
        expect(running.networks).toHaveLength(1);
        expect(running.networks[0]).toMatchObject({ name: n.name, aliases: ['db-alias'] });
        expect(running.networks[0]?.ip_address).toMatch(/^[0-9a-f.:]+$/);

        const byName = await storage.run('byname', { command: fetchFrom(server.name), networks: [{ name: n.name }] });
        expect(byName.exitCode).toBe(0);
        expect(byName.output).toContain(ctx.runId);
        const byAlias = await storage.run('byalias', { command: fetchFrom('db-alias'), networks: [{ name: n.name }] });
        expect(byAlias.exitCode).toBe(0);
        expect(byAlias.output).toContain(ctx.runId);
        await rejectsWithCode(ctx.manager.removeNetwork(n.name), 'conflict');
      },
      ctx.caseTimeout,
    );

    it('joins several networks at creation, and connects and disconnects later', async () => {
      const a = await storage.network('a');
      const b = await storage.network('b');
      const c = await storage.network('c');
      const multi = await storage.container('multi', { networks: [{ name: a.name }, { name: b.name, aliases: ['on-b'] }] });
      const names = (x: { networks: Array<{ name: string }> }) => x.networks.map((n) => n.name).sort();
      expect(names(multi)).toEqual([a.name, b.name].sort());
      expect(multi.networks.find((n) => n.name === b.name)?.aliases).toEqual(['on-b']);

      await ctx.manager.connectNetwork(c.name, multi.id, { aliases: ['on-c'] });
      const connected = await ctx.manager.inspect(multi.id);
      expect(names(connected)).toEqual([a.name, b.name, c.name].sort());
      expect(connected.networks.find((n) => n.name === c.name)?.aliases).toEqual(['on-c']);
      await ctx.manager.disconnectNetwork(c.name, multi.id);
      expect(names(await ctx.manager.inspect(multi.id))).toEqual([a.name, b.name].sort());
      await rejectsWithCode(ctx.manager.connectNetwork('bridge', multi.id), 'not_found');
      await rejectsWithCode(ctx.manager.connectNetwork(c.name, ctx.missing), 'not_found');
    });
  });
}
