import { createContainerManager } from '@mikrocloud/runtime';
import { deployTwoTierApp, removeTwoTierApp, restartKeepsData } from './two-tier.js';

// Usage: npm start -w @mikrocloud/example-two-tier-app [docker|podman|auto] [image]
const runtime = (process.argv[2] ?? 'auto') as 'docker' | 'podman' | 'auto';
const image = process.argv[3] ?? 'busybox:latest';
const manager = await createContainerManager({ runtime });
const app = await deployTwoTierApp(manager, { prefix: `two-tier-${process.pid}`, image });
try {
  console.log(`on ${manager.runtime}: network ${app.network}, volume ${app.volume}, both containers healthy`);
  const { note, boots } = await restartKeepsData(manager, app, 'written before the restart');
  console.log(`after restarting the database (boot ${boots}) the app read: "${note}"`);
} finally {
  await removeTwoTierApp(manager, app);
  console.log('removed the containers, the volume and the network');
}
