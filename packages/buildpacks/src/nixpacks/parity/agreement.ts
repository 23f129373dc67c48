import { UnprocessableError } from '@mikrocloud/core';
import { planApp } from '../plan.js';
import { createMemoryView } from '../workspace-view.js';
import { GO_EXAMPLES, OTHER_EXAMPLES, PYTHON_EXAMPLES, STATIC_EXAMPLES } from './corpus-python-go.js';
import { NODE_EXAMPLES } from './corpus-node.js';
import type { ParityExample } from './corpus-types.js';
import { foldNixpacks, foldOurs, type FoldedPlan } from './fold.js';

/** Every example the comparison runs over. */
export const PARITY_EXAMPLES: readonly ParityExample[] = [...NODE_EXAMPLES, ...PYTHON_EXAMPLES, ...GO_EXAMPLES, ...STATIC_EXAMPLES, ...OTHER_EXAMPLES];

export interface ExampleResult {
  example: ParityExample;
  /** Our folded plan, or the refusal's message. */
  ours: FoldedPlan | { refused: string };
  theirs: FoldedPlan;
  /** Fields that differ after folding (`provider` when we refused a supported-language app). */
  differences: (keyof FoldedPlan)[];
}

const FIELDS: (keyof FoldedPlan)[] = ['provider', 'install', 'build', 'start'];

/** Plans one example and compares it with Nixpacks' plan. */
export async function compareExample(example: ParityExample): Promise<ExampleResult> {
  const theirs = foldNixpacks(example.nixpacks);
  try {
    const ours = foldOurs(await planApp(createMemoryView(example.files), {}));
    return { example, ours, theirs, differences: FIELDS.filter((f) => ours[f] !== theirs[f]) };
  } catch (error) {
    if (!(error instanceof UnprocessableError)) throw error;
    return { example, ours: { refused: error.message }, theirs, differences: ['provider'] };
  }
}

export interface FamilyRow {
  family: string;
  examples: number;
  provider: number;
  agree: number;
}

/** The agreement table: per family, how many examples got the provider right and how many agree on all four fields. */
export function agreementTable(results: readonly ExampleResult[]): FamilyRow[] {
  const rows = new Map<string, FamilyRow>();
  for (const r of results) {
    if (r.example.family === 'other') continue;
    const row = rows.get(r.example.family) ?? { family: r.example.family, examples: 0, provider: 0, agree: 0 };
    row.examples++;
    if (!r.differences.includes('provider')) row.provider++;
    if (r.differences.length === 0) row.agree++;
    rows.set(r.example.family, row);
  }
  return [...rows.values()];
}

/** The table and the disagreements as Markdown, for the test's output. */
export function formatAgreement(results: readonly ExampleResult[]): string {
  const lines = ['| | examples | provider | all four fields agree |', '|---|---:|---:|---:|'];
  for (const row of agreementTable(results)) lines.push(`| ${row.family} | ${row.examples} | ${row.provider} | ${row.agree} |`);
  for (const r of results.filter((x) => x.differences.length > 0 && x.example.family !== 'other')) {
    const ours = 'refused' in r.ours ? `refused: ${r.ours.refused}` : r.differences.map((f) => `${f}: ${JSON.stringify((r.ours as FoldedPlan)[f])} vs ${JSON.stringify(r.theirs[f])}`).join('; ');
    lines.push(`- ${r.example.name}: ${ours}`);
  }
  return lines.join('\n');
}
