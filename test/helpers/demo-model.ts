import type { Kysely } from 'kysely';
import { pino } from 'pino';
import type { Database } from '../../src/db/database.ts';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createLocalActivationBus, type ModelActivationBus } from '../../src/jobs/model-activation-bus.ts';
import { createRetrainHandler } from '../../src/jobs/retrain-handler.ts';
import type { RetrainJobResult } from '../../src/jobs/retrain-job.ts';
import { DEFAULT_HISTORY_MODEL_PARAMS } from '../../src/recommender/history-model-params.ts';
import type { RecommenderKind } from '../../src/recommender/recommender-kind.ts';
import { DEFAULT_NCF_PARAMS } from '../../src/recommender/ncf-params.ts';
import { createRecommenderRetrainSteps } from '../../src/recommender/recommender-retrain-steps.ts';

/** A small synthetic catalog and history (the demo generator, scaled down) for tests that train real models. */
export async function seedSmallDemo(db: Kysely<Database>): Promise<void> {
  await seedDemoIfEmpty(db, pino({ level: 'silent' }), { films: 60, tracks: 60, users: 80, seed: 7, now: new Date('2026-11-01T00:00:00Z') });
}

/**
 * Trains a real model on the database through the retrain job handler, forced active: NCF unless `kind` says
 * otherwise (the item-history model is music's default in production).
 */
export async function trainAndActivate(
  db: Kysely<Database>,
  options: { domain?: 'film' | 'music'; kind?: RecommenderKind; epochs?: number; bus?: ModelActivationBus; jobId?: string } = {},
): Promise<RetrainJobResult> {
  const kind = options.kind ?? 'ncf';
  const epochs = options.epochs ?? 3;
  const handler = createRetrainHandler({
    db,
    steps: createRecommenderRetrainSteps(db, {
      kinds: { film: kind, music: kind },
      ncf: { ...DEFAULT_NCF_PARAMS, epochs, batchSize: 1024 },
      history: { ...DEFAULT_HISTORY_MODEL_PARAMS, epochs, dim: 16, batchSize: 32, learningRate: 0.01 },
    }),
    bus: options.bus ?? createLocalActivationBus(),
    gateTolerance: 0.01,
    logger: pino({ level: 'silent' }),
  });
  return handler({ domain: options.domain ?? 'film', force: true, requestedBy: 'api' }, { jobId: options.jobId ?? `test-${Date.now()}`, attempt: 1, reportProgress: async () => undefined });
}
