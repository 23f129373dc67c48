import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { startEmbeddedServer } from './embedded-server.js';

// Usage: npm start -w @mikrocloud/example-embedded-server
const server = await startEmbeddedServer({ manager: new DockerContainerManager(), port: 3100 });
console.log(`mikrocloud API on ${server.url}/api/v1 (Ctrl-C to stop)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
