import { relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Names every test that passed only on a retry, after the run's summary, so a flaky engine test
 * is seen and mended rather than hidden by the preset's one retry.
 */
export class RetriedTestsReporter implements Reporter {
  private readonly retried: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const { retryCount, flaky } = testCase.diagnostic() ?? { retryCount: 0, flaky: false };
    if (retryCount === 0) return;
    const outcome = flaky ? 'passed on retry' : 'failed every attempt';
    // The first attempt's error (kept on a test that passed on its retry), on the same line.
    const error = testCase.result().errors?.[0];
    const why = error ? `: ${`${error.name ?? 'Error'}: ${error.message ?? ''}`.replace(/\s+/g, ' ').slice(0, 300)}` : '';
    this.retried.push(`${relative(process.cwd(), testCase.module.moduleId)} > ${testCase.fullName} (${outcome}, ${retryCount} ${retryCount === 1 ? 'retry' : 'retries'})${why}`);
  }

  onTestRunEnd(): void {
    if (this.retried.length === 0) return;
    process.stdout.write(`\nRetried tests (${this.retried.length}): a test listed here is flaky; mend it.\n`);
    for (const line of this.retried) process.stdout.write(`  RETRIED ${line}\n`);
  }
}
