import { describe, expect, it } from 'vitest';
import { freePort, pollUntil } from '../poll.js';
import type { ConformanceContext } from './context.js';

/** Registers the cases for published ports that answer from the host, and host address binding. */
export function describePortCases(ctx: ConformanceContext): void {
  const { create, runLabels, runId, deadline, caseTimeout, host } = ctx;
  describe('ports', () => {
    it(
      'publishes a container port that answers from the host',
      async () => {
        const hostPort = await freePort(host);
        const marker = `hello-${runId}`;
        const c = await create('http', {
          ports: { [String(hostPort)]: '80' },
          command: ['sh', '-c', `mkdir -p /www && echo ${marker} > /www/index.html && exec httpd -f -p 80 -h /www`],
        });
        const binding = { host_ip: '0.0.0.0', host_port: hostPort, container_port: 80, protocol: 'tcp' };
        expect(c.ports).toEqual([binding]);
        await ctx.manager.start(c.id);

        const body = await pollUntil(
          `http://${host}:${hostPort}/ to answer`,
          async () => {
            const res = await fetch(`http://${host}:${hostPort}/`, { signal: AbortSignal.timeout(5_000) });
            return res.ok ? await res.text() : `HTTP ${res.status}`;
          },
          (b) => b.includes(marker),
          deadline,
        );
        expect(body.trim()).toBe(marker);

        expect((await ctx.manager.inspect(c.id)).ports).toEqual([binding]);
        const listed = (await ctx.manager.list({ labels: runLabels })).find((x) => x.id === c.id);
        expect(listed?.ports).toEqual([binding]);
      },
      caseTimeout,
    );

    it('binds to a given host address', async () => {
      const hostPort = await freePort('127.0.0.1');
      const c = await create('bindip', { ports: { [`127.0.0.1:${hostPort}`]: '8080/tcp' } });
      const binding = { host_ip: '127.0.0.1', host_port: hostPort, container_port: 8080, protocol: 'tcp' };
      expect(c.ports).toEqual([binding]);
      await ctx.manager.start(c.id);
      expect((await ctx.manager.inspect(c.id)).ports).toEqual([binding]);
      expect((await ctx.manager.list({ labels: runLabels })).find((x) => x.id === c.id)?.ports).toEqual([binding]);
    });
  });
}
