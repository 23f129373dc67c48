import type { ContainerDetails, ContainerManager } from '@mikrocloud/core';

/** What one deployment created, so it can be taken down again. */
export interface TwoTierApp {
  network: string;
  volume: string;
  database: ContainerDetails;
  app: ContainerDetails;
}

export interface TwoTierOptions {
  /** Prefix of every name the deployment creates. */
  prefix: string;
  /** An image with `sh`, `httpd` and `wget` (busybox). */
  image: string;
  /** Labels put on everything the deployment creates. */
  labels?: Record<string, string>;
  /** Longest wait for a container to become healthy. Default 60 s. */
  healthyWithinMs?: number;
}

/** The database stand-in: serves the files of its volume over HTTP and counts its boots there. */
const DATABASE_SCRIPT = [
  'n=$(cat /data/boots 2>/dev/null || echo 0)',
  'echo $((n + 1)) > /data/boots',
  'exec httpd -f -p 5432 -h /data',
].join('; ');

/** The app: answers on 8080 with what it last read from the database, found by its name (`DB_HOST`). */
const APP_SCRIPT = [
  'mkdir -p /www',
  '{ while true; do wget -q -O /www/index.html.new "http://$DB_HOST:5432/boots" && mv /www/index.html.new /www/index.html; sleep 1; done & }',
  'exec httpd -f -p 8080 -h /www',
].join('; ');

/**
 * Deploys an app and a database stand-in: a managed network (the app reaches the database by name),
 * a named volume for the database's data, and a health check on each container. Resolves once
 * both are healthy. Everything it created is removed again when a step fails.
 */
export async function deployTwoTierApp(manager: ContainerManager, options: TwoTierOptions): Promise<TwoTierApp> {
  const labels = options.labels ?? {};
  const within = options.healthyWithinMs ?? 60_000;
  const network = await manager.createNetwork({ name: `${options.prefix}-net`, labels });
  const created: Partial<TwoTierApp> = { network: network.name };
  try {
    const volume = await manager.createVolume({ name: `${options.prefix}-data`, labels });
    created.volume = volume.name;
    created.database = await manager.create({
      image: options.image,
      name: `${options.prefix}-db`,
      command: ['sh', '-c', DATABASE_SCRIPT],
      labels,
      mounts: [{ type: 'volume', source: volume.name, target: '/data' }],
      networks: [{ name: network.name }],
      healthcheck: { test: ['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:5432/boots'], interval_seconds: 1, retries: 30 },
      resources: { memory_mb: 64, pids_limit: 64 },
    });
    await manager.start(created.database.id);
    await manager.wait(created.database.id, { condition: 'healthy', timeoutMs: within });
    created.app = await manager.create({
      image: options.image,
      name: `${options.prefix}-app`,
      command: ['sh', '-c', APP_SCRIPT],
      environment: { DB_HOST: created.database.name },
      labels,
      networks: [{ name: network.name }],
      healthcheck: { test: ['wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/'], interval_seconds: 1, retries: 30 },
      resources: { memory_mb: 64, pids_limit: 64 },
    });
    await manager.start(created.app.id);
    await manager.wait(created.app.id, { condition: 'healthy', timeoutMs: within });
    return created as TwoTierApp;
  } catch (err) {
    await removeTwoTierApp(manager, created);
    throw err;
  }
}

/** Runs a command in a container and returns its output, failing on a non-zero exit. */
export async function run(manager: ContainerManager, container: string, command: string[]): Promise<string> {
  const session = await manager.exec(container, { command });
  const lines: string[] = [];
  for await (const { line } of session) lines.push(line);
  const code = await session.exitCode;
  if (code !== 0) throw new Error(`${command.join(' ')} exited with ${code}: ${lines.join('\n')}`);
  return lines.join('\n');
}

/** Writes a note into the database's volume, restarts the database and reads the note back. */
export async function restartKeepsData(manager: ContainerManager, app: TwoTierApp, note: string): Promise<{ note: string; boots: number }> {
  await run(manager, app.database.id, ['sh', '-c', `printf '%s' "$1" > /data/note`, 'sh', note]);
  await manager.restart(app.database.id);
  await manager.wait(app.database.id, { condition: 'healthy', timeoutMs: 60_000 });
  // The app reaches the database by its container name (again: the engine's DNS may take a moment
  // to learn the restarted container's address), and the data is still there.
  const db = app.database.name;
  const read = await fetchFromApp(manager, app, `http://${db}:5432/note`);
  const boots = Number(await fetchFromApp(manager, app, `http://${db}:5432/boots`));
  return { note: read, boots };
}

/**
 * Fetches a URL from inside the app container, retrying for up to 45 s: on a busy machine Podman
 * 4.3's DNS can take that long to answer for a restarted container.
 */
async function fetchFromApp(manager: ContainerManager, app: TwoTierApp, url: string): Promise<string> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    try {
      return await run(manager, app.app.id, ['wget', '-q', '-O', '-', url]);
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Removes whatever {@link deployTwoTierApp} created (containers first, then the volume and the network). */
export async function removeTwoTierApp(manager: ContainerManager, app: Partial<TwoTierApp>): Promise<void> {
  for (const container of [app.app, app.database]) {
    if (container) await manager.remove(container.id, { force: true }).catch(ignoreMissing);
  }
  if (app.volume) await manager.removeVolume(app.volume, { force: true }).catch(ignoreMissing);
  if (app.network) await manager.removeNetwork(app.network).catch(ignoreMissing);
}

function ignoreMissing(err: unknown): void {
  if ((err as { code?: string }).code !== 'not_found') throw err;
}
