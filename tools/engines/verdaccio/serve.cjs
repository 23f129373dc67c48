// Starts verdaccio with CONFIG and serves it on every HOST:PORT given (verdaccio's own `listen`
// takes only one address): node serve.cjs CONFIG HOST:PORT...
'use strict';
const http = require('node:http');
const { runServer } = require('verdaccio');

const [config, ...addresses] = process.argv.slice(2);
if (!config || addresses.length === 0) {
  process.stderr.write('usage: node serve.cjs CONFIG HOST:PORT...\n');
  process.exit(2);
}

runServer(config).then(
  (server) => {
    const handler = server.listeners('request')[0];
    for (const address of addresses) {
      const at = address.lastIndexOf(':');
      const host = address.slice(0, at);
      const port = Number(address.slice(at + 1));
      const listener = http.createServer(handler);
      listener.keepAliveTimeout = 60_000;
      listener.on('error', (error) => {
        process.stderr.write(`cannot listen on ${address}: ${error.message}\n`);
        process.exit(1);
      });
      listener.listen(port, host, () => process.stdout.write(`listening on http://${address}/\n`));
    }
  },
  (error) => {
    process.stderr.write(`verdaccio did not start: ${error.stack || error}\n`);
    process.exit(1);
  },
);
