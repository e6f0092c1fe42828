import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config.ts';
import { createDatabase } from './db/create-database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { resolveApiKeys } from './http/api-keys.ts';
import { createApp } from './http/create-app.ts';
import { createMetrics } from './http/metrics.ts';
import { startServer } from './http/start-server.ts';
import { createLogger } from './logger.ts';

type Role = 'api' | 'worker' | 'all';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' }, 'no-demo': { type: 'boolean', default: false } } });
  const role = values.role as Role;
  if (!['api', 'worker', 'all'].includes(role)) throw new ConfigError(`invalid --role ${values.role}: use api, worker or all`);

  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const database = await createDatabase(
    config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'embedded', dataDir: config.EMBEDDED_DATA_DIR },
  );
  const applied = await migrateToLatest(database.db);
  logger.info({ database: database.description, migrationsApplied: applied }, 'database ready');

  if (database.kind === 'embedded' && !values['no-demo']) {
    const { seedDemoIfEmpty } = await import('./demo/seed-demo.ts');
    await seedDemoIfEmpty(database.db, logger);
  }

  const lifecycle = { draining: false };
  const closers: Array<() => Promise<unknown>> = [];

  if (role !== 'worker') {
    const keysFile = resolve(config.EMBEDDED_DATA_DIR, '..', 'api-keys.json');
    if (database.kind === 'postgres' && (!config.API_KEY || !config.ADMIN_API_KEY)) {
      throw new ConfigError('invalid configuration: API_KEY and ADMIN_API_KEY must be set when DATABASE_URL is set');
    }
    const { keys, generated } = resolveApiKeys({ api: config.API_KEY, admin: config.ADMIN_API_KEY }, keysFile);
    if (generated) {
      process.stdout.write(`\nGenerated API keys (stored in ${keysFile}; shown once):\n  API_KEY=${keys.api}\n  ADMIN_API_KEY=${keys.admin}\n\n`);
    } else if (!config.API_KEY) {
      logger.info({ file: keysFile }, 'using the API keys generated on first start');
    }
    const metrics = createMetrics({ defaultMetrics: true });
    const app = createApp({
      database,
      logger,
      metrics,
      keys,
      limits: { bodyBytes: config.BODY_LIMIT_BYTES, maxEventSkewSeconds: config.MAX_EVENT_SKEW_SECONDS },
      lifecycle,
    });
    const server = await startServer(app, config.PORT, config.HOST);
    logger.info({ url: `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${server.port}`, role, database: database.description, queue: config.REDIS_URL ? 'redis' : 'in-process' }, 'listening');
    closers.push(async () => {
      const { forced } = await server.drain(config.SHUTDOWN_TIMEOUT_MS);
      logger.info({ forced }, 'http server closed');
    });
  }
  closers.push(() => database.close());

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    lifecycle.draining = true;
    logger.info({ signal }, 'draining');
    let code = 0;
    for (const close of closers) {
      try {
        await close();
      } catch (error) {
        code = 1;
        logger.error({ err: error }, 'shutdown step failed');
      }
    }
    logger.info('stopped');
    logger.flush?.();
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
