import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTestRegistry } from '@mikrocloud/core/testing';
import type { BenchContext, Check, EngineTarget, Measurement } from '../context.js';
import type { HttpClient } from '../http-client.js';
import { runOk } from '../processes.js';
import { median, now, p99 } from '../stats.js';

/**
 * Figure 11: pulling the test registry's multi-layer seed image (busybox + three 2 MB layers,
 * TLS and htpasswd, `tools/engines/registry.sh`) through `POST /api/v1/images/pull` (progress as
 * server-sent events, credentials in the body) vs `docker pull` (credentials in a throw-away
 * client config). The image is removed from the engine before every pull, so each one fetches
 * every layer the engine lacks (busybox's base layer stays: both sides share it).
 */
export async function registryPullFigure(ctx: BenchContext, engine: EngineTarget, api: HttpClient) {
  const fig = 11;
  const registry = readTestRegistry();
  if (!registry) {
    return { status: 'not measurable' as const, measurements: [], checks: [], notes: ['figure 11: no test registry (tools/engines/registry.sh has not run)'] };
  }
  const rounds = ctx.quick ? 3 : 8;
  const image = registry.seed;
  const clientConfig = join(ctx.tmpDir, 'docker-client');
  mkdirSync(clientConfig, { recursive: true });
  const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
  writeFileSync(join(clientConfig, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }), { mode: 0o600 });
  // The engine may have closed the idle keep-alive connection the raw client holds: once more on a fresh one.
  const remove = () =>
    engine.raw.json('DELETE', `/images/${image}?force=1`, undefined, [200, 404, 409]).catch(() => engine.raw.json('DELETE', `/images/${image}?force=1`, undefined, [200, 404, 409]));

  const sides = [
    {
      side: 'mikrocloud POST /images/pull (SSE)',
      times: [] as number[],
      pull: async () => {
        const answer = await api.request('POST', '/api/v1/images/pull', { image, auth: { username: registry.username, password: registry.password } });
        const text = answer.body.toString('utf8');
        if (answer.status !== 200 || !text.includes('event: done')) throw new Error(`pull answered ${answer.status}: ${text.slice(-300)}`);
      },
    },
    {
      side: `${engine.cli} pull`,
      times: [] as number[],
      pull: () => runOk(engine.cli, ['pull', '-q', image], { env: { ...process.env, DOCKER_CONFIG: clientConfig } }),
    },
  ];
  // One unrecorded pull each: the registry's and the page cache's first touch.
  for (const s of sides) {
    await remove();
    await s.pull();
  }
  for (let r = 0; r < rounds && !ctx.signal.aborted; r++) {
    for (let k = 0; k < sides.length; k++) {
      const s = sides[(r + k) % sides.length]!;
      await remove();
      const t0 = now();
      await s.pull();
      s.times.push(now() - t0);
    }
  }
  await remove();
  const row = 'pull of a 4-layer image (6 MB new) from the local TLS registry';
  const measurements: Measurement[] = sides.map((s) => ({ figure: fig, row, side: s.side, unit: 'ms', median: median(s.times), p99: p99(s.times), n: s.times.length }));
  const [mc, cli] = sides as [(typeof sides)[0], (typeof sides)[0]];
  const ratio = median(cli.times) / median(mc.times);
  const checks: Check[] = [
    { figure: fig, name: 'pull speed, mikrocloud / docker pull (p50)', value: ratio, shown: `${ratio.toFixed(2)}×`, target: '≥ 0.9×', pass: ratio >= 0.9 },
  ];
  const notes = [
    `figure 11: ${rounds} pulls each, alternating, after one unrecorded pull each; the image is removed (DELETE /images, forced) before every pull. mikrocloud's answer is read to its \`event: done\`; \`docker pull -q\` runs with a throw-away DOCKER_CONFIG holding the credentials`,
  ];
  return { measurements, checks, notes };
}
