import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@mikrocloud/api';
import { probeConfiguredEngine, servesWith, startLocal, startsEngine } from './start.js';

// npm start [-- serve flags]: from the repository root, see the root README.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const argv = process.argv.slice(2);
const env = process.env;
const serve = () => runCli(['serve', ...argv]);
let optedOut = false;
try {
  optedOut = !startsEngine(env.MIKROCLOUD_START_ENGINE);
} catch (error) {
  process.stderr.write(`mikrocloud: ${(error as Error).message}\n`);
  process.exit(2);
}

const code = !servesWith(argv)
  ? await serve()
  : await startLocal(
      { platform: process.platform, uid: process.getuid?.(), optedOut },
      {
        probe: () => probeConfiguredEngine(argv, env, process.cwd()),
        // The script's own lines go to standard error too: standard output stays the server's.
        runUpScript: () =>
          new Promise((resolve) => {
            const child = spawn('bash', [path.join(root, 'tools/engines/up.sh'), '--docker-only'], { cwd: root, stdio: ['ignore', 2, 2] });
            child.on('error', () => resolve(127));
            child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
          }),
        serve,
        stderr: (text) => void process.stderr.write(text),
      },
    );
// Exit explicitly: an engine client may keep idle sockets that would hold the process open.
process.exit(code);
