import { readFileSync } from 'node:fs';
import type { FigureResult, Measurement } from './context.js';

export interface MachineInfo {
  cpu_model: string;
  cores: number;
  memory_gib: number;
  kernel: string;
  os: string;
  node: string;
  engines: Record<string, string>;
  commit: string;
}

export interface BenchReport {
  run_id: string;
  started_at: string;
  quick: boolean;
  only: number[] | null;
  seconds: number;
  machine: MachineInfo;
  figures: FigureResult[];
  /** Figures kept from earlier runs when only some were measured (`--only ... --write`). */
  earlier?: EarlierRun[];
}

/** An earlier run whose figures a partial run kept. */
export interface EarlierRun {
  run_id: string;
  started_at: string;
  commit: string;
  figures: number[];
}

/** The report BENCHMARKS.json holds, or undefined when there is none to keep. */
export function readEarlierReport(file: string): BenchReport | undefined {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
    return Array.isArray(report.figures) ? report : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `measured` (a run of some figures) with every other figure of `earlier` kept in its place, each
 * kept figure attributed to the run that measured it.
 */
export function mergeIntoEarlier(measured: BenchReport, earlier: BenchReport | undefined): BenchReport {
  if (!earlier) return measured;
  const fresh = new Map(measured.figures.map((f) => [f.id, f]));
  const figures = earlier.figures.map((f) => fresh.get(f.id) ?? f);
  for (const f of measured.figures) if (!earlier.figures.some((e) => e.id === f.id)) figures.push(f);
  const runs: EarlierRun[] = (earlier.earlier ?? []).map((r) => ({ ...r, figures: r.figures.filter((id) => !fresh.has(id)) }));
  const attributed = new Set(runs.flatMap((r) => r.figures));
  const own = earlier.figures.map((f) => f.id).filter((id) => !fresh.has(id) && !attributed.has(id));
  if (own.length > 0) runs.push({ run_id: earlier.run_id, started_at: earlier.started_at, commit: earlier.machine.commit, figures: own });
  return { ...measured, figures, earlier: runs.filter((r) => r.figures.length > 0) };
}

const fmt = (v: number, unit: string): string => {
  if (!Number.isFinite(v)) return '—';
  if (unit === 'req/s') return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
};

function measurementRows(ms: Measurement[]): string[] {
  return ms.map((m) => `| ${m.figure} | ${m.row} | ${m.side} | ${fmt(m.median, m.unit)} | ${m.n > 1 ? fmt(m.p99, m.unit) : '—'} | ${m.unit} | ${m.n} |`);
}

/** The figures and the checks as Markdown tables (printed and written alike). */
export function tables(report: BenchReport): string {
  const lines: string[] = [];
  lines.push('| # | figure | side | median | p99 | unit | n |', '|---|---|---|---:|---:|---|---:|');
  for (const f of report.figures) {
    if (f.status !== 'measured') lines.push(`| ${f.id} | ${f.title} | ${f.status}: ${f.notes[0] ?? ''} | — | — | | |`);
    else lines.push(...measurementRows(f.measurements));
  }
  lines.push('', '| # | ratio or bound | value | target | result |', '|---|---|---:|---|---|');
  for (const f of report.figures) {
    if (f.status !== 'measured') {
      lines.push(`| ${f.id} | ${f.title} | — | — | ${f.status.toUpperCase()} |`);
      continue;
    }
    for (const c of f.checks) lines.push(`| ${c.figure} | ${c.name} | ${c.shown} | ${c.target} | ${c.pass ? 'PASS' : '**MISS**'} |`);
  }
  return lines.join('\n');
}

export function markdown(report: BenchReport, analysis: string): string {
  const m = report.machine;
  const notes = report.figures.flatMap((f) => (f.status === 'measured' ? f.notes : []));
  return [
    '# Benchmarks',
    '',
    `mikrocloud side by side with the raw engine API and the engines' command lines, measured by \`npm run bench${report.quick ? ' -- --quick' : ''}\``,
    `(tools/bench) on ${report.started_at.slice(0, 16).replace('T', ' ')} UTC, run \`${report.run_id}\`, ${Math.round(report.seconds)} s in all.`,
    ...(report.earlier && report.earlier.length > 0
      ? [
          `This run measured figure(s) ${report.figures.filter((f) => !report.earlier!.some((r) => r.figures.includes(f.id))).map((f) => f.id).join(', ')};`,
          ...report.earlier.map((r) => `figure(s) ${r.figures.join(', ')} come from run \`${r.run_id}\` (${r.started_at.slice(0, 16).replace('T', ' ')} UTC, commit ${r.commit}).`),
        ]
      : []),
    'Every comparison runs both sides in the same run, alternating (ABAB), after warming both up. Raw figures are in',
    '[BENCHMARKS.json](BENCHMARKS.json).',
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu_model}, ${m.cores} cores; memory ${m.memory_gib.toFixed(1)} GiB; kernel ${m.kernel} (${m.os})`,
    `- Node.js ${m.node}; ${Object.entries(m.engines).map(([k, v]) => `${k} ${v}`).join('; ')}`,
    `- commit ${m.commit}`,
    '- shared with other work while measured: figures are noisy, ratios (same run, interleaved) are what count',
    '',
    '## Setup',
    '',
    '- mikrocloud runs as its own process (`mikrocloud serve` with a temporary config: no token, 127.0.0.1, a free port,',
    '  data and build dirs in a temp dir, `file` git URLs allowed; JSON request logs to a file), its RSS read from',
    '  /proc/<pid>/status. Servers are bundled with esbuild first (workspace sources inlined, dependencies imported',
    '  from node_modules, like the published dist) and run on plain `node`, without a TypeScript loader.',
    '- The bench talks to the API and to the raw engine with the same Node http client and keep-alive agents.',
    '- Medians are the middle value; p99 is nearest-rank (with fewer than 100 samples it is the maximum).',
    '',
    '## Figures',
    '',
    tables(report),
    '',
    '## How each figure is taken',
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    analysis.trim(),
    '',
  ].join('\n');
}
