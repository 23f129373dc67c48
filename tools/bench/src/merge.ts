import type { BenchReport } from './report.js';

/**
 * Puts the figures of a partial run (`--only … --merge`) into an earlier report: each replaces the
 * figure of the same number or is appended, and says which run measured it; the earlier run's
 * other figures, machine and run id stay as they were.
 */
export function mergeReport(previous: BenchReport, partial: BenchReport): BenchReport {
  const figures = [...previous.figures];
  for (const figure of partial.figures) {
    const provenance = `figure ${figure.id}: measured on its own (\`npm run bench -- --only ${figure.id} --merge\`) on ${partial.started_at.slice(0, 16).replace('T', ' ')} UTC, run \`${partial.run_id}\`, commit ${partial.machine.commit}, and merged into this report`;
    const merged = { ...figure, notes: figure.status === 'measured' ? [...figure.notes, provenance] : figure.notes };
    const at = figures.findIndex((f) => f.id === figure.id);
    if (at >= 0) figures[at] = merged;
    else figures.push(merged);
  }
  return { ...previous, figures };
}
