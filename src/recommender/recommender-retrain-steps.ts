import type { Kysely } from 'kysely';
import type { Database, Domain, ModelRow } from '../db/database.ts';
import type { ModelMetrics } from '../jobs/retrain-job.ts';
import type { PreparedData, RetrainSteps, TrainedCandidate } from '../jobs/retrain-steps.ts';
import { buildDataset } from './build-dataset.ts';
import type { DatasetSplit } from './dataset-split.ts';
import { evaluate } from './evaluate.ts';
import { DEFAULT_HISTORY_MODEL_PARAMS, type HistoryModelParams } from './history-model-params.ts';
import { itemPopularityScorer } from './item-popularity-scorer.ts';
import { DEFAULT_RECOMMENDER_KINDS, type RecommenderKind } from './recommender-kind.ts';
import { DEFAULT_NCF_PARAMS, type NcfParams } from './ncf-params.ts';
import type { RankingMetrics } from './ranking-metrics.ts';
import { recommenderArtifact } from './recommender-artifact.ts';
import type { RecommenderDataset } from './recommender-dataset.ts';
import { recommenderMetaOf } from './recommender-meta-of.ts';
import { RecommenderModel } from './recommender-model.ts';
import { splitLeaveOneOut } from './split-leave-one-out.ts';
import { trainHistoryModel } from './train-history-model.ts';
import { trainNcf } from './train-ncf.ts';
import type { TrainingProgress } from './training-progress.ts';
import { disposeTrained, withTrainedScorer, type TrainedRecommender } from './trained-recommender.ts';
import { storedModelScorer } from './stored-model-scorer.ts';

interface RecommenderPrepared extends PreparedData {
  dataset: RecommenderDataset;
  split: DatasetSplit;
}

interface RecommenderCandidate extends TrainedCandidate {
  trained: TrainedRecommender;
}

export interface RecommenderRetrainOptions {
  /** The network each domain trains (default {@link DEFAULT_RECOMMENDER_KINDS}). */
  readonly kinds?: Readonly<Record<Domain, RecommenderKind>>;
  readonly ncf?: NcfParams;
  readonly history?: HistoryModelParams;
}

function gateMetrics(metrics: RankingMetrics): ModelMetrics {
  return { 'hr@10': metrics['hr@10'], 'ndcg@10': metrics['ndcg@10'], 'full_hr@10': metrics['full_hr@10'], 'full_ndcg@10': metrics['full_ndcg@10'], 'recall@20': metrics['recall@20'] };
}

/**
 * The recommender's retrain steps: dataset from Postgres up to a watermark, leave-one-out split, training of the
 * domain's model kind (NCF or the item-history model), evaluation of the candidate, ItemPop and the active model
 * (of either kind) on that same split.
 *
 * ```ts
 * const handler = createRetrainHandler({ db, steps: createRecommenderRetrainSteps(db), bus, gateTolerance: 0.01, logger });
 * ```
 */
export function createRecommenderRetrainSteps(db: Kysely<Database>, options: RecommenderRetrainOptions = {}): RetrainSteps<RecommenderPrepared, RecommenderCandidate> {
  const kinds = options.kinds ?? DEFAULT_RECOMMENDER_KINDS;
  const ncfParams = options.ncf ?? DEFAULT_NCF_PARAMS;
  const historyParams = options.history ?? DEFAULT_HISTORY_MODEL_PARAMS;

  return {
    async prepare(domain) {
      const dataset = await buildDataset(db, domain);
      const split = splitLeaveOneOut(dataset, { seed: kinds[domain] === 'ncf' ? ncfParams.seed : historyParams.seed });
      return { domain, watermark: dataset.watermark, users: dataset.userIds.length, items: dataset.itemIds.length, interactions: dataset.interactions.length, dataset, split };
    },

    async train(prepared, onProgress) {
      const progress = {
        onProgress: (p: TrainingProgress) =>
          onProgress({ epoch: p.epoch, epochs: p.epochs, loss: p.loss, ...(Number.isFinite(p.valHr10) ? { valHr10: p.valHr10 } : {}), examplesPerSecond: p.examplesPerSecond, etaSeconds: p.etaSeconds }),
      };
      const trained: TrainedRecommender =
        kinds[prepared.domain] === 'ncf'
          ? await trainNcf(prepared.split, ncfParams, { validationUsers: 200, ...progress })
          : await trainHistoryModel(prepared.split, historyParams, { validationUsers: 200, ...progress });
      const meta = recommenderMetaOf(prepared.dataset, prepared.split, trained);
      const artifact = await recommenderArtifact(trained, meta);
      return {
        artifact,
        meta: { format: meta.format, version: meta.version, trainedAt: meta.trainedAt, watermark: meta.watermark },
        params: { ...trained.params },
        backend: trained.backend,
        trainSeconds: trained.trainSeconds,
        examplesPerSecond: trained.examplesPerSecond,
        trained,
        dispose: () => disposeTrained(trained),
      };
    },

    async evaluate(prepared, candidate) {
      const model = await withTrainedScorer(candidate.trained, prepared.split, (scorer) => evaluate(scorer, prepared.split));
      const itemPop = await evaluate(itemPopularityScorer(prepared.split), prepared.split);
      return { candidate: gateMetrics(model), itemPop: gateMetrics(itemPop) };
    },

    async evaluateStored(prepared, row: ModelRow) {
      const stored = await RecommenderModel.fromArtifact(row.artifact, { id: row.id });
      try {
        return gateMetrics(await evaluate(storedModelScorer(stored, prepared.dataset, prepared.split), prepared.split));
      } finally {
        stored.dispose();
      }
    },
  };
}
