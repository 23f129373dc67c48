import { createClient } from '@mikrocloud/client';
import { remoteTour } from './remote-tour.js';

// Usage: MIKROCLOUD_URL=http://127.0.0.1:3000 MIKROCLOUD_TOKEN=... npm start -w @mikrocloud/example-remote-client
const baseUrl = process.env.MIKROCLOUD_URL ?? 'http://127.0.0.1:3000';
const token = process.env.MIKROCLOUD_TOKEN;
const client = createClient({ baseUrl, ...(token ? { token } : {}) });
await remoteTour(client, { say: (line) => console.log(line) });
