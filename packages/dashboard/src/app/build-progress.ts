import { FINAL_BUILD_STATUSES } from '@mikrocloud/client';
import type { BuildStatus } from './api.js';

/** How far a build is, as far as its log tells. */
export interface BuildProgress {
  /** What it is doing now, in words. */
  phase: string;
  /** Steps done and steps in all, once the engine has printed one (`Step 2/5`, `[2/5]`). */
  step?: { current: number; total: number };
  /** 0..1 for a bar; undefined while unknown. */
  fraction?: number;
}

// The classic builder prints `Step 2/5 : RUN ...`; BuildKit prints `#7 [2/5] RUN ...` (or `[stage 2/5]`).
const CLASSIC_STEP = /^Step (\d+)\/(\d+) :/;
const BUILDKIT_STEP = /^#\d+ \[(?:[^\]\s]+ )?(\d+)\/(\d+)\]/;

/** Reads the progress of a build from its status and the log lines seen so far. */
export function buildProgress(status: BuildStatus, lines: readonly string[]): BuildProgress {
  if (FINAL_BUILD_STATUSES.includes(status)) return status === 'succeeded' ? { phase: 'succeeded', fraction: 1 } : { phase: status.replace('_', ' ') };
  if (status === 'queued') return { phase: 'queued', fraction: 0 };
  let step: BuildProgress['step'];
  for (let i = lines.length - 1; i >= 0 && !step; i--) {
    const match = CLASSIC_STEP.exec(lines[i] ?? '') ?? BUILDKIT_STEP.exec(lines[i] ?? '');
    if (match) step = { current: Number(match[1]), total: Number(match[2]) };
  }
  if (!step) return { phase: lines.length > 0 ? 'preparing' : 'starting' };
  // A step is "done" once the next one starts; the last one counts half while it runs.
  return { phase: `building: step ${step.current} of ${step.total}`, step, fraction: Math.min(1, (step.current - 0.5) / step.total) };
}
