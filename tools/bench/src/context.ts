import { HttpClient } from './http-client.js';
import { pool } from './stats.js';

/** The label every container, image and temp thing of one run carries. */
export const BENCH_LABEL = 'io.mikrocloud.bench';
export const MANAGED_LABEL = 'io.mikrocloud.managed';
/** Engine API version spoken by the raw peers (Docker 20.10's; Podman's compat API serves it too). */
export const RAW_API_VERSION = '1.41';
export const BUSYBOX = 'busybox:latest';

/** An engine under test, reached raw through its socket and through its command line. */
export interface EngineTarget {
  runtime: 'docker' | 'podman';
  /** For humans: "Docker", "rootful Podman". */
  title: string;
  socketPath: string;
  /** Its CLI (`docker`, `podman`). */
  cli: string;
  raw: HttpClient;
}

export function engineTarget(runtime: 'docker' | 'podman', socketPath: string): EngineTarget {
  return {
    runtime,
    title: runtime === 'docker' ? 'Docker' : 'rootful Podman',
    socketPath,
    cli: runtime,
    raw: new HttpClient({ socketPath, prefix: `/v${RAW_API_VERSION}` }),
  };
}

/** One measured series. */
export interface Measurement {
  figure: number;
  /** What was measured, e.g. "GET /containers, 200 containers". */
  row: string;
  /** "mikrocloud", "raw API", "docker CLI", "hono hello", ... */
  side: string;
  unit: string;
  median: number;
  p99: number;
  n: number;
}

/** A ratio or bound with its target. */
export interface Check {
  figure: number;
  name: string;
  value: number;
  /** The value for humans, e.g. "1.07×" or "+0.4 ms". */
  shown: string;
  target: string;
  pass: boolean;
}

export interface FigureResult {
  id: number;
  title: string;
  status: 'measured' | 'not measurable' | 'error';
  measurements: Measurement[];
  checks: Check[];
  notes: string[];
  seconds: number;
}

export interface BenchContext {
  runId: string;
  quick: boolean;
  tmpDir: string;
  logDir: string;
  configFor(runtime: 'docker' | 'podman'): string;
  /** The servers, bundled to run on plain node (see bundle.ts). */
  scripts: { mikrocloudBin: string; mikrocloudServer: string; honoHello: string; nodeHello: string };
  /** Set when the run is interrupted: long loops check it and stop. */
  signal: AbortSignal;
}

/** The label filter of one run, as the engine API takes it. */
export const runFilter = (runId: string, managed = false): string =>
  JSON.stringify({ label: [...(managed ? [`${MANAGED_LABEL}=true`] : []), `${BENCH_LABEL}=${runId}`] });

/** Creates a container through the raw API; resolves with its id. */
export async function rawCreate(engine: EngineTarget, runId: string, name: string, cmd: string[], labels: Record<string, string> = {}): Promise<string> {
  const created = await engine.raw.json<{ Id: string }>('POST', `/containers/create?name=${encodeURIComponent(name)}`, {
    Image: BUSYBOX,
    Cmd: cmd,
    Labels: { ...labels, [BENCH_LABEL]: runId },
  });
  return created.Id;
}

export const rawStart = (engine: EngineTarget, id: string) => engine.raw.json('POST', `/containers/${id}/start`, undefined, [204, 304]);
export const rawRemove = (engine: EngineTarget, id: string) => engine.raw.json('DELETE', `/containers/${id}?force=1`, undefined, [204, 404]);

/** Removes every container of this run on one engine (by label, and by name prefix as a fallback). */
export async function removeRunContainers(engine: EngineTarget, runId: string): Promise<number> {
  const ids = new Set<string>();
  for (const filters of [runFilter(runId), JSON.stringify({ name: [`mcbench-${runId}`] })]) {
    try {
      const list = await engine.raw.json<{ Id: string }[]>('GET', `/containers/json?all=1&filters=${encodeURIComponent(filters)}`);
      for (const c of list ?? []) ids.add(c.Id);
    } catch {
      // The engine is away; nothing to remove there.
    }
  }
  await pool([...ids], 8, async (id) => {
    await rawRemove(engine, id).catch(() => {});
  });
  return ids.size;
}
