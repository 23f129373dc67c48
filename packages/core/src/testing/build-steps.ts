/** One step a build log names and whether the next line said it came from the cache. */
export interface LoggedStep {
  instruction: string;
  cached: boolean;
}

/**
 * Every step a build log names: Docker's legacy builder and BuildKit through runtime-docker
 * (`Step n/m : …`), Podman (`STEP n/m: …`).
 */
export function allSteps(logs: readonly string[]): LoggedStep[] {
  const steps: LoggedStep[] = [];
  logs.forEach((raw, i) => {
    const match = /^(?:Step|STEP) \d+\/\d+ ?: (.*)$/.exec(raw.trim());
    if (match) steps.push({ instruction: match[1] as string, cached: /Using cache/.test(logs[i + 1] ?? '') });
  });
  return steps;
}

/** The steps of the Dockerfile itself: the labels step an engine appends is left out. */
export function dockerfileSteps(logs: readonly string[]): LoggedStep[] {
  return allSteps(logs).filter((s) => !s.instruction.startsWith('LABEL'));
}
