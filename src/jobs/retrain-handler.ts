import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { activateModel } from '../recommender/activate-model.ts';
import type { ModelActivationBus } from './model-activation-bus.ts';
import { decideActivation } from './quality-gate.ts';
import type { ModelMetrics, RetrainHandler, RetrainJobResult, RetrainProgress } from './retrain-job.ts';
import type { PreparedData, RetrainSteps, TrainedCandidate } from './retrain-steps.ts';

export interface RetrainHandlerDeps<P extends PreparedData, C extends TrainedCandidate> {
  db: Kysely<Database>;
  steps: RetrainSteps<P, C>;
  bus: ModelActivationBus;
  gateTolerance: number;
  logger: Logger;
}

/** Share of the job's progress bar each phase ends at. */
const PHASE_END = { loading: 10, training: 80, evaluating: 92, gating: 95, publishing: 99, done: 100 } as const;

/**
 * The retrain job: snapshot the domain's events up to a watermark, train a candidate, evaluate it and the active
 * model on the same split, gate, store the candidate (`active`, or `rejected` with the reason), and signal every API
 * process. Each run is a row of `training_runs` with its progress; a failure marks the row failed and rethrows so the
 * queue retries; the active model is untouched until the final activation.
 *
 * ```ts
 * await queue.startWorker(createRetrainHandler({ db, steps: createRecommenderRetrainSteps(db), bus, gateTolerance: 0.01, logger }));
 * ```
 */
export function createRetrainHandler<P extends PreparedData, C extends TrainedCandidate>(deps: RetrainHandlerDeps<P, C>): RetrainHandler {
  const { db, steps, logger } = deps;
  return async (data, context) => {
    const started = performance.now();
    await db
      .updateTable('training_runs')
      .set({ status: 'failed', error: 'interrupted: the worker stopped before the run finished', finished_at: sql`now()` })
      .where('job_id', '=', context.jobId)
      .where('status', '=', 'running')
      .execute();
    const run = await db
      .insertInto('training_runs')
      .values({ job_id: context.jobId, domain: data.domain, status: 'running', attempt: context.attempt, progress: JSON.stringify({ phase: 'loading', percent: 0 }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const report = async (progress: RetrainProgress) => {
      await context.reportProgress(progress);
      await db.updateTable('training_runs').set({ progress: JSON.stringify(progress) }).where('id', '=', run.id).execute();
    };
    const log = logger.child({ jobId: context.jobId, runId: run.id, domain: data.domain, attempt: context.attempt });

    try {
      await report({ phase: 'loading', percent: 1, message: 'reading events' });
      const prepared = await steps.prepare(data.domain);
      await db.updateTable('training_runs').set({ watermark: prepared.watermark }).where('id', '=', run.id).execute();
      if (prepared.interactions === 0) throw new Error(`no ${data.domain} events to train on`);
      log.info({ watermark: prepared.watermark, users: prepared.users, items: prepared.items, interactions: prepared.interactions }, 'dataset loaded');

      const candidate = await steps.train(prepared, async (epoch) => {
        const percent = PHASE_END.loading + ((PHASE_END.training - PHASE_END.loading) * epoch.epoch) / epoch.epochs;
        await report({ phase: 'training', percent, ...epoch, message: `epoch ${epoch.epoch}/${epoch.epochs}` });
      });
      try {
        await report({ phase: 'evaluating', percent: PHASE_END.training, message: 'candidate and ItemPop' });
        const evaluated = await steps.evaluate(prepared, candidate);
        const active = await db.selectFrom('models').selectAll().where('kind', '=', 'recommender').where('domain', '=', data.domain).where('status', '=', 'active').executeTakeFirst();
        let activeMetrics: ModelMetrics | null = null;
        if (active) {
          await report({ phase: 'evaluating', percent: PHASE_END.evaluating - 4, message: `active model ${active.id} on the same split` });
          activeMetrics = await steps.evaluateStored(prepared, active);
        }

        await report({ phase: 'gating', percent: PHASE_END.evaluating, metrics: evaluated.candidate });
        const decision = decideActivation({ candidate: evaluated.candidate, active: activeMetrics, itemPop: evaluated.itemPop, tolerance: deps.gateTolerance, force: data.force });
        const sha256 = createHash('sha256').update(candidate.artifact).digest('hex');
        const stored = await db
          .insertInto('models')
          .values({
            kind: 'recommender',
            domain: data.domain,
            status: decision.activate ? 'candidate' : 'rejected',
            metrics: JSON.stringify({ ...evaluated.candidate, itemPop: evaluated.itemPop, activeOnSameSplit: activeMetrics }),
            params: JSON.stringify(candidate.params),
            meta: JSON.stringify({ ...candidate.meta, backend: candidate.backend, trainSeconds: candidate.trainSeconds, examplesPerSecond: candidate.examplesPerSecond, users: prepared.users, items: prepared.items, interactions: prepared.interactions, jobId: context.jobId }),
            artifact: candidate.artifact,
            sha256,
            size_bytes: candidate.artifact.byteLength,
            trained_from: prepared.watermark,
            reason: decision.reason,
          })
          .returning('id')
          .executeTakeFirstOrThrow();

        let previousModelId = active?.id ?? null;
        if (decision.activate) {
          await report({ phase: 'publishing', percent: PHASE_END.gating, message: `activating model ${stored.id}` });
          previousModelId = (await activateModel(db, stored.id, { force: data.force })).previousId;
          await deps.bus.publish({ kind: 'recommender', domain: data.domain, modelId: stored.id }).catch((error: unknown) => {
            log.warn({ err: error }, 'could not publish the activation; API processes converge on their next poll');
          });
        }
        const result: RetrainJobResult = {
          runId: run.id,
          domain: data.domain,
          decision: decision.activate ? 'activated' : 'rejected',
          reason: decision.reason,
          modelId: stored.id,
          previousModelId,
          candidate: evaluated.candidate,
          active: activeMetrics,
          itemPop: evaluated.itemPop,
          watermark: prepared.watermark,
          trainSeconds: candidate.trainSeconds,
          seconds: (performance.now() - started) / 1000,
        };
        await report({ phase: 'done', percent: PHASE_END.done, metrics: evaluated.candidate, message: result.reason });
        await db
          .updateTable('training_runs')
          .set({ status: result.decision, model_id: stored.id, finished_at: sql`now()` })
          .where('id', '=', run.id)
          .execute();
        log.info({ decision: result.decision, modelId: stored.id, reason: result.reason, seconds: result.seconds.toFixed(1) }, 'retrain finished');
        return result;
      } finally {
        candidate.dispose();
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.error({ err: error }, 'retrain failed; the active model stays');
      await db
        .updateTable('training_runs')
        .set({ status: 'failed', error: message, finished_at: sql`now()` })
        .where('id', '=', run.id)
        .execute()
        .catch((writeError: unknown) => log.error({ err: writeError }, 'could not record the failure'));
      throw error;
    }
  };
}
