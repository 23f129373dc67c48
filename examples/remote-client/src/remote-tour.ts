import { ValidationError, type MikrocloudClient } from '@mikrocloud/client';

export interface TourOptions {
  /** Labels put on the container (a test marks its objects with them). */
  labels?: Record<string, string>;
  /** Where the tour reports what it does. */
  say?: (line: string) => void;
}

/**
 * A short tour of a remote server: its health, a refused request with per-field problems, then a
 * container created, started, followed, exec'd into and removed. Answers the lines it printed.
 */
export async function remoteTour(client: MikrocloudClient, options: TourOptions = {}): Promise<string[]> {
  const said: string[] = [];
  const say = (line: string) => {
    said.push(line);
    options.say?.(line);
  };

  const health = await client.health();
  say(`server: ${health.status}, engine ${health.engine.runtime}`);

  try {
    await client.containers.create({ name: 'not a name', image: 'busybox:latest', restart_policy: 'sometimes' });
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    for (const problem of err.problems) say(`refused: ${problem.field}: ${problem.message}`);
  }

  const container = await client.containers.create({
    name: `remote-tour-${Date.now().toString(36)}`,
    image: 'busybox:latest',
    command: ['sh', '-c', 'for i in 1 2 3; do echo "hello $i"; sleep 0.2; done; sleep 30'],
    ...(options.labels ? { labels: options.labels } : {}),
  });
  try {
    await client.containers.start(container.id);
    say(`started ${container.name}`);
    for await (const line of client.containers.logs(container.id, { follow: true, signal: AbortSignal.timeout(20_000) })) {
      say(`log: ${line.line}`);
      if (line.line === 'hello 3') break;
    }
    const exec = client.containers.exec(container.id, { command: ['sh', '-c', 'echo "from exec"; exit 7'] });
    for await (const line of exec) say(`exec: ${line.line}`);
    say(`exec exit code: ${await exec.exitCode}`);
  } finally {
    // Seconds before the engine kills it: the shell here ignores SIGTERM.
    await client.containers.remove(container.id, { timeout: 1 });
    say(`removed ${container.name}`);
  }
  return said;
}
