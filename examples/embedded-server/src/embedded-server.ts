import { createApp, createLogger, defaultConfig, startServer, type RunningServer } from '@mikrocloud/api';
import type { ContainerManager } from '@mikrocloud/core';

/**
 * Serves the mikrocloud REST API inside another program: the program owns the manager, the
 * configuration and the server's life.
 */
export async function startEmbeddedServer(options: {
  manager: ContainerManager;
  port?: number;
  token?: string;
  quiet?: boolean;
}): Promise<RunningServer> {
  const config = defaultConfig();
  config.server.port = options.port ?? 0;
  if (options.token !== undefined) config.server.token = options.token;
  const shutdown = new AbortController();
  const logger = options.quiet ? undefined : createLogger();
  const app = createApp({ manager: options.manager, config, shutdownSignal: shutdown.signal, ...(logger ? { logger } : {}) });
  return startServer({ app, host: config.server.host, port: config.server.port, onClose: () => shutdown.abort() });
}
