import { DockerContainerManager } from '@mikrocloud/runtime-docker';
import { runLifecycle } from './lifecycle.js';

// Usage: npm start -w @mikrocloud/example-sdk-basics [image]
const manager = new DockerContainerManager();
const image = process.argv[2] ?? 'busybox:latest';
const report = await runLifecycle(manager, { image, name: `sdk-basics-${process.pid}` });
for (const { stream, line } of report.logs) console.log(`[${stream}] ${line}`);
console.log(`container ${report.id.slice(0, 12)} exited with ${report.exitCode} and is removed`);
