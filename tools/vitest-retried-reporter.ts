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
    this.retried.push(`${relative(process.cwd(), testCase.module.moduleId)} > ${testCase.fullName} (${outcome}, ${retryCount} ${retryCount === 1 ? 'retry' : 'retries'})`);
  }

  onTestRunEnd(): void {
    if (this.retried.length === 0) return;
    process.stdout.write(`\nRetried tests (${this.retried.length}): a test listed here is flaky; mend it.\n`);
    for (const line of this.retried) process.stdout.write(`  RETRIED ${line}\n`);
  }
}
