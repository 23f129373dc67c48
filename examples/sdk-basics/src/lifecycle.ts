import { isMikrocloudError, type ContainerManager, type LogLine } from '@mikrocloud/core';

export interface LifecycleReport {
  id: string;
  listed: boolean;
  logs: LogLine[];
  exitCode: number;
}

/**
 * The whole lifecycle of one short-lived container through any ContainerManager: create, start,
 * find it in the list, read its logs, wait for it, remove it.
 */
export async function runLifecycle(
  manager: ContainerManager,
  options: { image: string; name: string; labels?: Record<string, string> },
): Promise<LifecycleReport> {
  const created = await manager.create({
    image: options.image,
    name: options.name,
    command: ['sh', '-c', 'echo "hello from $GREETER"; echo "a warning" >&2'],
    environment: { GREETER: 'mikrocloud' },
    labels: options.labels ?? {},
  });
  try {
    await manager.start(created.id);
    const { exit_code } = await manager.wait(created.id);
    const listed = (await manager.list()).some((c) => c.id === created.id);
    const logs: LogLine[] = [];
    for await (const line of manager.logs(created.id)) logs.push(line);
    return { id: created.id, listed, logs, exitCode: exit_code };
  } finally {
    await manager.remove(created.id, { force: true }).catch((err: unknown) => {
      // Already gone is fine; anything else is worth seeing.
      if (!(isMikrocloudError(err) && err.code === 'not_found')) throw err;
    });
  }
}
