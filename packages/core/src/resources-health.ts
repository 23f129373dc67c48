import type { FieldProblem } from './errors.js';
import { hasNul } from './grammar/names.js';
import type { HealthCheck } from './schemas/health.js';
import type { ContainerResources } from './schemas/resources.js';

/**
 * What the schema cannot say about `resources`: swap is memory plus swap, so it needs
 * `memory_mb` and cannot be below it.
 */
export function checkResources(config: { resources?: ContainerResources | undefined }): FieldProblem[] {
  const r = config.resources;
  if (r?.memory_swap_mb === undefined) return [];
  if (r.memory_swap_mb === 0) return [{ field: 'resources.memory_swap_mb', message: 'must be -1 (unlimited) or at least memory_mb' }];
  if (r.memory_mb === undefined) return [{ field: 'resources.memory_swap_mb', message: 'needs memory_mb (it is memory plus swap)' }];
  if (r.memory_swap_mb !== -1 && r.memory_swap_mb < r.memory_mb) {
    return [{ field: 'resources.memory_swap_mb', message: `must be -1 (unlimited) or at least memory_mb (${r.memory_mb})` }];
  }
  return [];
}

/** What the schema cannot say about `healthcheck`: a command to run, and no NUL in its argv. */
export function checkHealthcheck(config: { healthcheck?: HealthCheck | undefined }): FieldProblem[] {
  const test = config.healthcheck?.test;
  if (!test) return [];
  const problems: FieldProblem[] = [];
  if (test[0] !== undefined && test[0].trim() === '') problems.push({ field: 'healthcheck.test.0', message: 'must name the command to run' });
  test.forEach((arg, i) => {
    if (hasNul(arg)) problems.push({ field: `healthcheck.test.${i}`, message: 'must not contain NUL' });
  });
  return problems;
}
