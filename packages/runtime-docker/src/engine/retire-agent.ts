import type http from 'node:http';

/**
 * Sends no more requests through `agent`: its idle connections close now, and each busy one
 * closes when its request or stream ends (no connection is kept free once `maxFreeSockets` is 0).
 */
export function retireAgent(agent: http.Agent): void {
  agent.maxFreeSockets = 0;
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
}
