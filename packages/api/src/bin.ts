#!/usr/bin/env node
import { runCli } from './cli.js';

runCli(process.argv.slice(2)).then(
  // Exit explicitly: an engine client may keep idle sockets that would hold the process open.
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`mikrocloud: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
