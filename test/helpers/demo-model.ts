import type { Kysely } from 'kysely';
import { pino } from 'pino';
import type { Database } from '../../src/db/database.ts';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createLocalActivationBus, type ModelActivationBus } from '../../src/jobs/model-activation-bus.ts';
import { createRetrainHandler } from '../../src/jobs/retrain-handler.ts';
import type { RetrainJobResult } from '../../src/jobs/retrain-job.ts';
import { DEFAULT_NCF_PARAMS } from '../../src/recommender/ncf-params.ts';
import { createNcfRetrainSteps } from '../../src/recommender/ncf-retrain-steps.ts';

/** A small synthetic catalog and history (the demo generator, scaled down) for tests that train real models. */
export async function seedSmallDemo(db: Kysely<Database>): Promise<void> {
  await seedDemoIfEmpty(db, pino({ level: 'silent' }), { films: 60, tracks: 60, users: 80, seed: 7, now: new Date('2026-11-01T00:00:00Z') });
}

/** Trains a real NCF model on the database through the retrain job handler, forced active. */
export async function trainAndActivate(db: Kysely<Database>, options: { domain?: 'film' | 'music'; epochs?: number; bus?: ModelActivationBus; jobId?: string } = {}): Promise<RetrainJobResult> {
  const handler = createRetrainHandler({
    db,
    steps: createNcfRetrainSteps(db, { ...DEFAULT_NCF_PARAMS, epochs: options.epochs ?? 3, batchSize: 1024 }),
    bus: options.bus ?? createLocalActivationBus(),
    gateTolerance: 0.01,
    logger: pino({ level: 'silent' }),
  });
  return handler({ domain: options.domain ?? 'film', force: true, requestedBy: 'api' }, { jobId: options.jobId ?? `test-${Date.now()}`, attempt: 1, reportProgress: async () => undefined });
}
