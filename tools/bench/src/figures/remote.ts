import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { BENCH_LABEL, BUSYBOX, MANAGED_LABEL, engineTarget, removeRunContainers, type BenchContext, type Check, type Measurement } from '../context.js';
import { run } from '../processes.js';
import { median, now, p99, percentile } from '../stats.js';

/** The remote-engines figure's number. */
export const REMOTE_FIGURE = 14;
export const REMOTE_TITLE = 'container list on a remote engine over ssh and TLS vs the CLI, and the cost of each transport';

/** Where tools/engines/remote.sh writes how to reach its engine. */
const REMOTE_ENV = process.env.MIKROCLOUD_TEST_REMOTE_ENV ?? '/var/lib/mikrocloud-engines/remote/remote.env';
const CONTAINERS = 5;

interface RemoteEngine {
  tlsHost: string;
  certPath: string;
  sshHost: string;
  sshKey: string;
  knownHosts: string;
  socketPath: string;
}

function readRemoteEngine(): RemoteEngine {
  let text: string;
  try {
    text = readFileSync(REMOTE_ENV, 'utf8');
  } catch {
    throw new Error(`no remote engine: ${REMOTE_ENV} is missing (start it with tools/engines/remote.sh)`);
  }
  const value = (key: string): string => {
    const found = new RegExp(`^MIKROCLOUD_TEST_REMOTE_${key}=(.+)$`, 'm').exec(text)?.[1]?.trim();
    if (!found) throw new Error(`${REMOTE_ENV} has no MIKROCLOUD_TEST_REMOTE_${key}`);
    return found;
  };
  return {
    tlsHost: value('TLS_HOST'),
    certPath: value('CERT_PATH'),
    sshHost: value('SSH_HOST'),
    sshKey: value('SSH_KEY'),
    knownHosts: value('SSH_KNOWN_HOSTS'),
    socketPath: value('SOCKET'),
  };
}

/**
 * The Docker CLI runs the `ssh` on PATH with no way to pass options, and OpenSSH reads the
 * config of the user's passwd home, not $HOME: a wrapper first on PATH gives it an ssh config
 * naming the key and known_hosts, with the same strict checks the manager uses and no multiplexing.
 */
function cliSshPath(tmpDir: string, remote: RemoteEngine): string {
  const dir = join(tmpDir, 'remote-cli');
  mkdirSync(dir, { recursive: true });
  const host = new URL(remote.sshHost).hostname;
  const config = join(dir, 'ssh_config');
  writeFileSync(
    config,
    [`Host ${host}`, `  IdentityFile ${remote.sshKey}`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${remote.knownHosts}`, '  GlobalKnownHostsFile /dev/null', '  StrictHostKeyChecking yes', '  BatchMode yes', '  ControlMaster no', ''].join('\n'),
    { mode: 0o600 },
  );
  const wrapper = join(dir, 'ssh');
  writeFileSync(wrapper, `#!/bin/sh\nexec /usr/bin/ssh -F '${config}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  return dir;
}

/** Why the figure's TLS side costs what it does (BENCHMARKS.md prints it when a target misses or is close). */
export const REMOTE_FINDING = [
  'Both remote transports keep their HTTP connections open between calls: ssh multiplexes them over one shared',
  'ssh connection, TLS keeps a small pool per dialer (a mutual-TLS handshake per call cost about 12 ms here, a',
  'call on a kept connection about 1.5 ms). A read that finds its kept connection closed by an engine restart is',
  'sent once more on a new one (packages/runtime-docker/src/engine/http.ts). So once connected, a call over either',
  'transport costs about what it costs on the engine\'s own socket, and the CLI, which starts a process and',
  'connects (ssh: a new ssh session and handshake) on every call, stays far behind.',
].join('\n');

/** A series with its p95 beside the report's p99 (the transport rows are read at p95 too). */
type TransportMeasurement = Measurement & { p95: number };

const series = (row: string, side: string, values: number[]): TransportMeasurement => ({
  figure: REMOTE_FIGURE,
  row,
  side,
  unit: 'ms',
  median: median(values),
  p99: p99(values),
  p95: percentile(values, 95),
  n: values.length,
});

const times = (n: number) => `${n.toFixed(2)}×`;

/**
 * Figure 14: `list()` of the same few containers on the remote engine through mikrocloud over its
 * unix socket, TLS and ssh (connections warmed first), against `docker ps` over TLS and ssh, which
 * starts a CLI and does its handshake on every call; all in one interleaved loop.
 */
export async function remoteFigure(ctx: BenchContext): Promise<{ measurements: Measurement[]; checks: Check[]; notes: string[] }> {
  const remote = readRemoteEngine();
  const iterations = ctx.quick ? 40 : 300;
  const cliEvery = ctx.quick ? 8 : 10;
  const warmup = ctx.quick ? 5 : 20;
  const labels = { [BENCH_LABEL]: ctx.runId };
  const tls = { caFile: `${remote.certPath}/ca.pem`, certFile: `${remote.certPath}/cert.pem`, keyFile: `${remote.certPath}/key.pem` };
  const managers = {
    socket: new DockerContainerManager({ socketPath: remote.socketPath, labels }),
    tls: new DockerContainerManager({ host: remote.tlsHost, tls, labels }),
    ssh: new DockerContainerManager({ host: remote.sshHost, ssh: { keyFile: remote.sshKey, knownHostsFile: remote.knownHosts }, labels }),
  };
  const sides = ['socket', 'tls', 'ssh'] as const;
  const cleanupTarget = engineTarget('docker', remote.socketPath);

  const filters = ['--filter', `label=${MANAGED_LABEL}=true`, '--filter', `label=${BENCH_LABEL}=${ctx.runId}`];
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${cliSshPath(ctx.tmpDir, remote)}:${process.env.PATH ?? '/usr/bin:/bin'}` };
  for (const key of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete env[key];
  const cli = {
    tls: ['--tlsverify', '--tlscacert', tls.caFile, '--tlscert', tls.certFile, '--tlskey', tls.keyFile, '-H', remote.tlsHost, 'ps', ...filters],
    ssh: ['-H', remote.sshHost, 'ps', ...filters],
  };
  const cliOnce = async (transport: 'tls' | 'ssh'): Promise<number> => {
    const t0 = now();
    const result = await run('docker', cli[transport], { env });
    const ms = now() - t0;
    if (result.code !== 0) throw new Error(`docker ${transport === 'ssh' ? '-H ssh://' : '--tlsverify -H tcp://'} ps exited ${result.code}: ${result.stderr.trim().slice(0, 400)}`);
    const rows = result.stdout.trim().split('\n').length - 1;
    if (rows !== CONTAINERS) throw new Error(`docker ps over ${transport} listed ${rows} containers, expected ${CONTAINERS}`);
    return ms;
  };
  const listOnce = async (side: (typeof sides)[number]): Promise<number> => {
    const t0 = now();
    const listed = await managers[side].list({ labels });
    const ms = now() - t0;
    if (listed.length !== CONTAINERS) throw new Error(`list() over ${side} answered ${listed.length} containers, expected ${CONTAINERS}`);
    return ms;
  };

  const sdk = { socket: [] as number[], tls: [] as number[], ssh: [] as number[] };
  let version = 'unknown';
  const viaCli = { tls: [] as number[], ssh: [] as number[] };
  try {
    const v = await cleanupTarget.raw.json<{ Version: string; ApiVersion: string }>('GET', '/version');
    version = `Docker ${v.Version} (API ${v.ApiVersion})`;
    for (let i = 0; i < CONTAINERS; i++) {
      const created = await managers.socket.create({ image: BUSYBOX, name: `mcbench-${ctx.runId}-f${REMOTE_FIGURE}-${i}`, command: ['sleep', '3600'] });
      await managers.socket.start(created.id);
    }
    // Warm-up: the ssh side connects (ControlMaster) and every side negotiates the API version.
    for (let i = 0; i < warmup; i++) for (const side of sides) await listOnce(side);
    await cliOnce('tls');
    await cliOnce('ssh');
    for (let i = 0; i < iterations && !ctx.signal.aborted; i++) {
      // Rotate which transport goes first, so drift in machine load hits each alike.
      for (let k = 0; k < sides.length; k++) {
        const side = sides[(i + k) % sides.length]!;
        sdk[side].push(await listOnce(side));
      }
      if (i % cliEvery === 0) {
        const order = (i / cliEvery) % 2 === 0 ? (['tls', 'ssh'] as const) : (['ssh', 'tls'] as const);
        for (const transport of order) viaCli[transport].push(await cliOnce(transport));
      }
    }
  } finally {
    await Promise.all(Object.values(managers).map((m) => m.close().catch(() => {})));
    await removeRunContainers(cleanupTarget, ctx.runId);
    cleanupTarget.raw.close();
  }

  const row = `list() of ${CONTAINERS} running containers on the remote engine`;
  const measurements: Measurement[] = [
    series(row, 'mikrocloud, unix socket', sdk.socket),
    series(row, 'mikrocloud, TLS', sdk.tls),
    series(row, 'mikrocloud, ssh', sdk.ssh),
    series(row, 'docker --tlsverify -H tcp:// ps', viaCli.tls),
    series(row, 'docker -H ssh:// ps', viaCli.ssh),
  ];
  const checks: Check[] = [];
  for (const transport of ['tls', 'ssh'] as const) {
    const name = transport === 'tls' ? 'TLS' : 'ssh';
    const speedup = median(viaCli[transport]) / median(sdk[transport]);
    checks.push({ figure: REMOTE_FIGURE, name: `list over ${name}: docker ps p50 / mikrocloud p50`, value: speedup, shown: times(speedup), target: '≥ 5×', pass: speedup >= 5 });
  }
  for (const transport of ['tls', 'ssh'] as const) {
    const name = transport === 'tls' ? 'TLS' : 'ssh';
    const r50 = median(sdk[transport]) / median(sdk.socket);
    const r95 = percentile(sdk[transport], 95) / percentile(sdk.socket, 95);
    checks.push({ figure: REMOTE_FIGURE, name: `list() over ${name} / over the unix socket, p50`, value: r50, shown: times(r50), target: 'none', pass: true });
    checks.push({ figure: REMOTE_FIGURE, name: `list() over ${name} / over the unix socket, p95`, value: r95, shown: times(r95), target: 'none', pass: true });
  }
  const label = { socket: 'unix socket', tls: 'TLS', ssh: 'ssh' } as const;
  const p95s = sides.map((s) => `${label[s]} ${percentile(sdk[s], 95).toFixed(2)} ms`).join(', ');
  const notes = [
    `figure ${REMOTE_FIGURE}: the second Docker engine of tools/engines/remote.sh (${version}, its own network namespace), holding ${CONTAINERS} running busybox containers created by the manager; mikrocloud: \`DockerContainerManager.list({labels})\` through three managers on that one engine, over its unix socket, over mutual TLS (\`${remote.tlsHost}\`) and over ssh (\`${remote.sshHost}\`, one ControlMaster connection, HTTP kept alive on it), each warmed with ${warmup} calls, then ${iterations} rounds rotating which goes first; CLI: \`docker --tlsverify --tlscacert … --tlscert … --tlskey … -H tcp://… ps\` and \`docker -H ssh://… ps\` with the same label filters the manager sends (a new CLI process and a new TLS or ssh handshake each call; the ssh client gets the key and known_hosts through an \`ssh -F\` wrapper on PATH, no multiplexing), one call of each every ${cliEvery} rounds, alternating which goes first, after one warm-up call each. p95 of the mikrocloud series (in BENCHMARKS.json beside p99): ${p95s}. The transport ratios have no target: they show what TLS and ssh add to a call over the same engine's socket. Over TLS the manager opens a connection and does a mutual-TLS handshake for every call (no kept-alive TLS connections); over ssh its HTTP connections stay alive on the one ssh connection`,
  ];
  return { measurements, checks, notes };
}
