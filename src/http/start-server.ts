import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';

/** A listening HTTP server that can drain. */
export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** Stops accepting connections, lets requests in flight finish (up to `timeoutMs`), then closes what is left. */
  drain(timeoutMs: number): Promise<{ forced: boolean }>;
}

/**
 * Starts listening and resolves once the port is bound.
 *
 * ```ts
 * const running = await startServer(app, 8080, '0.0.0.0');
 * process.on('SIGTERM', () => running.drain(10_000));
 * ```
 */
export async function startServer(app: Express, port: number, host: string): Promise<RunningServer> {
  const server = app.listen(port, host);
  server.keepAliveTimeout = 65_000;
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    async drain(timeoutMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      });
      const forced = await Promise.race([closed.then(() => false), timedOut]);
      clearTimeout(timer);
      if (forced) server.closeAllConnections();
      return { forced };
    },
  };
}
