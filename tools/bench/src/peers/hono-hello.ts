/** The peer of figure 7: a bare @hono/node-server app answering one route. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text('hello'));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });
