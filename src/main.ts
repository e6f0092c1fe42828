import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createDatabase, type DatabaseHandle } from './db/create-database.ts';
import { DOMAINS, type Domain } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { registerAdminRoutes } from './http/admin-router.ts';
import { registerArtworkRoutes } from './http/artwork-router.ts';
import { HttpProblem } from './http/problem.ts';
import { resolveApiKeys } from './http/api-keys.ts';
import { createApp, type ApiFeature } from './http/create-app.ts';
import type { Lifecycle } from './http/health-router.ts';
import { createMetrics } from './http/metrics.ts';
import { registerRecommendationRoutes } from './http/recommendations-router.ts';
import { startServer } from './http/start-server.ts';
import { createLocalBroadcast, createRedisBroadcast, type Broadcast } from './jobs/broadcast.ts';
import { createBullRetrainQueue } from './jobs/bullmq-retrain-queue.ts';
import { createInProcessRetrainQueue } from './jobs/in-process-retrain-queue.ts';
import { createLocalActivationBus, createRedisActivationBus, type ModelActivationBus } from './jobs/model-activation-bus.ts';
import { createRetrainHandler } from './jobs/retrain-handler.ts';
import type { RetrainQueue } from './jobs/retrain-job.ts';
import { createLogger } from './logger.ts';
import { initTensorFlow } from './ml/init-tensorflow.ts';
import { ActiveModelHost } from './recommender/active-model-host.ts';
import { DEFAULT_HISTORY_MODEL_PARAMS } from './recommender/history-model-params.ts';
import { DEFAULT_NCF_PARAMS } from './recommender/ncf-params.ts';
import { createRecommenderRetrainSteps, type RecommenderRetrainOptions } from './recommender/recommender-retrain-steps.ts';
import { cachedPopularItems } from './recommender/popular-items.ts';
import { recommenderModelLoader } from './recommender/recommender-model-loader.ts';
import type { RecommenderModel } from './recommender/recommender-model.ts';
import { UserHistoryCache } from './recommender/user-history-cache.ts';
import type { ImageTagger } from './vision/cnn-tagger.ts';
import { loadCnnTagger } from './vision/load-cnn-tagger.ts';
import { registerShippedCnn } from './vision/register-shipped-cnn.ts';

type Role = 'api' | 'worker' | 'all';
type Closer = () => Promise<unknown>;

interface Shared {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  queue: RetrainQueue;
  bus: ModelActivationBus;
  historyChanges: Broadcast<HistoriesChanged>;
  lifecycle: Lifecycle;
}

/** Users whose events were stored or erased, sent to every API process. */
interface HistoriesChanged {
  userIds: readonly string[];
}

const HISTORIES_CHANGED_CHANNEL = 'streamrec:histories-changed';

async function startApi({ config, logger, database, queue, bus, historyChanges, lifecycle }: Shared): Promise<Closer[]> {
  const keysFile = resolve(config.EMBEDDED_DATA_DIR, '..', 'api-keys.json');
  if (database.kind === 'postgres' && (!config.API_KEY || !config.ADMIN_API_KEY)) {
    throw new ConfigError('invalid configuration: API_KEY and ADMIN_API_KEY must be set when DATABASE_URL is set');
  }
  const { keys, generated } = resolveApiKeys({ api: config.API_KEY, admin: config.ADMIN_API_KEY }, keysFile);
  if (generated) {
    process.stdout.write(`\nGenerated API keys (kept in ${keysFile}; shown once):\n  API_KEY=${keys.api}\n  ADMIN_API_KEY=${keys.admin}\n\n`);
  } else if (!config.API_KEY) {
    logger.info({ file: keysFile }, 'using the API keys generated on first start');
  }

  const metrics = createMetrics({ defaultMetrics: true });
  const models = new ActiveModelHost<RecommenderModel>({
    db: database.db,
    kind: 'recommender',
    domains: DOMAINS,
    load: recommenderModelLoader(database.db, { modelsDir: config.MODELS_DIR, logger }),
    logger,
    metrics,
    pollIntervalMs: config.MODEL_POLL_INTERVAL_MS,
  });
  bus.subscribe((event) => {
    if (event.kind === 'recommender') void models.sync(event.domain);
  });
  await models.start();
  const histories = new UserHistoryCache(database.db, { ttlMs: config.HISTORY_CACHE_TTL_MS });
  historyChanges.subscribe(({ userIds }) => histories.invalidate(userIds));
  const onHistoryChanged = (userIds: readonly string[]) => {
    histories.invalidate(userIds);
    historyChanges.publish({ userIds }).catch((error: unknown) => logger.warn({ err: error }, 'could not tell other API processes of new events; their caches expire them'));
  };

  const tagger = await loadShippedTagger(config, database, logger);
  const features: ApiFeature[] = [
    (routes) => registerRecommendationRoutes(routes, { db: database.db, histories, models, popular: cachedPopularItems(database.db, 30_000) }),
    (routes) => registerAdminRoutes(routes, { db: database.db, queue, bus }),
    (routes) => registerArtworkRoutes(routes, { db: database.db, tagger: tagger.tagger, imageLimitBytes: config.IMAGE_LIMIT_BYTES, logger }),
  ];
  const app = createApp({
    database,
    logger,
    metrics,
    keys,
    limits: { bodyBytes: config.BODY_LIMIT_BYTES, maxEventSkewSeconds: config.MAX_EVENT_SKEW_SECONDS },
    lifecycle,
    features,
    onHistoryChanged,
    modelHealth: () => {
      const health = models.health();
      return { models: { ...health.models, 'cnn:image': tagger.health }, errors: tagger.error ? [...health.errors, tagger.error] : health.errors };
    },
  });
  const server = await startServer(app, config.PORT, config.HOST);
  logger.info({ url: `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${server.port}`, database: database.description, queue: queue.kind }, 'listening');
  return [
    async () => {
      const { forced } = await server.drain(config.SHUTDOWN_TIMEOUT_MS);
      logger.info({ forced }, 'http server closed');
    },
    () => models.close(),
  ];
}

/** The shipped CIFAR-10 tagger, registered in `models`; without it the artwork routes answer 503 and /readyz says why. */
async function loadShippedTagger({ MODELS_DIR }: Config, database: DatabaseHandle, logger: Logger): Promise<{ tagger: ImageTagger; health: Record<string, unknown>; error?: string }> {
  const dir = join(MODELS_DIR, 'cifar10');
  try {
    const modelId = await registerShippedCnn(database.db, dir);
    const tagger = await loadCnnTagger(dir, { modelId });
    logger.info({ dir, modelId }, 'artwork tagger loaded');
    return { tagger, health: { model_id: modelId, dir } };
  } catch (error) {
    const message = `cnn:image model at ${dir} could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    logger.error({ err: error, dir }, 'artwork tagger unavailable; POST /v1/artwork/tags answers 503');
    const unavailable: ImageTagger = {
      modelId: null,
      inputSize: 32,
      tag: async () => {
        throw new HttpProblem(503, 'tagger-unavailable', 'the image model is not loaded on this server; see /readyz');
      },
    };
    return { tagger: unavailable, health: { model_id: null, dir }, error: message };
  }
}

async function startWorker({ config, logger, database, queue, bus }: Shared): Promise<Closer[]> {
  await queue.startWorker(createRetrainHandler({ db: database.db, steps: createRecommenderRetrainSteps(database.db, retrainParams(config)), bus, gateTolerance: config.GATE_TOLERANCE, logger }));
  await queue.schedule(config.RETRAIN_CRON, DOMAINS);
  logger.info({ queue: queue.kind, cron: config.RETRAIN_CRON, domains: DOMAINS }, 'retrain worker started');
  for (const domain of await domainsWithoutModel(database)) {
    const { jobId } = await queue.enqueue({ domain, force: false, requestedBy: 'schedule' });
    logger.info({ domain, jobId }, 'no active model yet: training the first one now');
  }
  return [];
}

/** Both kinds' default hyperparameters, with `RETRAIN_EPOCHS` applied to each when set. */
function retrainParams({ RETRAIN_EPOCHS }: Config): RecommenderRetrainOptions {
  const epochs = RETRAIN_EPOCHS ? { epochs: RETRAIN_EPOCHS } : {};
  return { ncf: { ...DEFAULT_NCF_PARAMS, ...epochs }, history: { ...DEFAULT_HISTORY_MODEL_PARAMS, ...epochs } };
}

/** Domains that have events but no active model: a worker trains their first model at once instead of waiting for the schedule. */
async function domainsWithoutModel({ db }: DatabaseHandle): Promise<Domain[]> {
  const rows = await db
    .selectFrom('events')
    .select('domain')
    .distinct()
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('models').select('id').where('kind', '=', 'recommender').where('status', '=', 'active').whereRef('models.domain', '=', 'events.domain'))),
    )
    .execute();
  return rows.map((row) => row.domain);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string', default: 'all' }, 'no-demo': { type: 'boolean', default: false } } });
  let role = values.role as Role;
  if (!['api', 'worker', 'all'].includes(role)) throw new ConfigError(`invalid --role ${values.role}: use api, worker or all`);

  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  if (!config.REDIS_URL && role !== 'all') {
    logger.warn({ role }, 'without REDIS_URL the queue lives in this process, so it runs both roles');
    role = 'all';
  }
  const database = await createDatabase(
    config.DATABASE_URL
      ? { kind: 'postgres', url: config.DATABASE_URL, onError: (error) => logger.warn({ err: error }, 'an idle Postgres connection failed; the pool replaces it') }
      : { kind: 'embedded', dataDir: config.EMBEDDED_DATA_DIR },
  );
  const applied = await migrateToLatest(database.db);
  logger.info({ database: database.description, migrationsApplied: applied }, 'database ready');
  if (database.kind === 'embedded' && !values['no-demo']) {
    const { seedDemoIfEmpty } = await import('./demo/seed-demo.ts');
    await seedDemoIfEmpty(database.db, logger);
  }
  // A worker process only trains: XNNPACK gets every core. A process that serves keeps one thread.
  await initTensorFlow({ backend: config.TF_BACKEND, logger, wasmThreads: role === 'worker' ? availableParallelism() : 1 });

  const onRedisError = (error: Error) => logger.warn({ err: error }, 'redis error (pub/sub): processes keep polling the models table and expire cached histories');
  const queue = config.REDIS_URL ? createBullRetrainQueue({ url: config.REDIS_URL, logger, prefix: config.QUEUE_PREFIX, lockDurationMs: config.RETRAIN_LOCK_MS }) : createInProcessRetrainQueue({ logger });
  const bus = config.REDIS_URL ? createRedisActivationBus(config.REDIS_URL, onRedisError) : createLocalActivationBus();
  const historyChanges = config.REDIS_URL ? createRedisBroadcast<HistoriesChanged>(config.REDIS_URL, HISTORIES_CHANGED_CHANNEL, onRedisError) : createLocalBroadcast<HistoriesChanged>();
  const lifecycle: Lifecycle = { draining: false };
  const shared: Shared = { config, logger, database, queue, bus, historyChanges, lifecycle };

  const closers: Closer[] = [];
  if (role !== 'worker') closers.push(...(await startApi(shared)));
  if (role !== 'api') closers.push(...(await startWorker(shared)));
  closers.push(() => queue.close(), () => bus.close(), () => historyChanges.close(), () => database.close());

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
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
