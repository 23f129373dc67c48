import { planApp, type BuildPlan, type PlanOptions } from './plan.js';
import { createDirectoryView } from './workspace-view.js';

/**
 * Plans the image for an app checked out at `dir`, without building anything: the body of
 * `POST /api/v1/images/plan`. `config` is the request's `nixpacks_config` (unvalidated input).
 *
 * @example
 * const plan = await planFromDirectory('/srv/checkouts/app', { start_command: 'node server.js' });
 */
export async function planFromDirectory(dir: string, config: unknown, options: PlanOptions = {}): Promise<BuildPlan> {
  return planApp(await createDirectoryView(dir), config, options);
}
