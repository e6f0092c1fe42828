import type { Kysely } from 'kysely';
import type { Database, ModelRow } from '../db/database.ts';
import type { ModelMetrics } from '../jobs/retrain-job.ts';
import type { PreparedData, RetrainSteps, TrainedCandidate } from '../jobs/retrain-steps.ts';
import type { tf } from '../ml/tf.ts';
import { initTensorFlow } from '../ml/init-tensorflow.ts';
import { buildDataset } from './build-dataset.ts';
import type { DatasetSplit } from './dataset-split.ts';
import { evaluate } from './evaluate.ts';
import { itemPopularityScorer } from './item-popularity-scorer.ts';
import { DEFAULT_NCF_PARAMS, type NcfParams } from './ncf-params.ts';
import { NcfScorer } from './ncf-scorer.ts';
import type { RankingMetrics } from './ranking-metrics.ts';
import type { RankingScorer } from './ranking-scorer.ts';
import { recommenderArtifact } from './recommender-artifact.ts';
import type { RecommenderDataset } from './recommender-dataset.ts';
import { recommenderMetaOf } from './recommender-meta-of.ts';
import { RecommenderModel } from './recommender-model.ts';
import { splitLeaveOneOut } from './split-leave-one-out.ts';
import { trainNcf } from './train-ncf.ts';

interface NcfPrepared extends PreparedData {
  dataset: RecommenderDataset;
  split: DatasetSplit;
}

interface NcfCandidate extends TrainedCandidate {
  model: tf.LayersModel;
}

const UNKNOWN_ITEM_SCORE = -1e9;

function gateMetrics(metrics: RankingMetrics): ModelMetrics {
  return { 'hr@10': metrics['hr@10'], 'ndcg@10': metrics['ndcg@10'], 'full_hr@10': metrics['full_hr@10'], 'full_ndcg@10': metrics['full_ndcg@10'], 'recall@20': metrics['recall@20'] };
}

/**
 * Scores this split's users and items with a model trained on an older snapshot: ids are mapped through the old
 * model's id maps; users it never saw get its popularity ranking (what serving would show them), items it never saw
 * rank last.
 */
function storedModelScorer(stored: RecommenderModel, dataset: RecommenderDataset, inner: NcfScorer): RankingScorer {
  const userMap = Int32Array.from(dataset.userIds, (id) => stored.userIndexOf(id) ?? -1);
  const itemMap = Int32Array.from(dataset.itemIds, (id) => stored.itemIndexOf(id) ?? -1);
  const popularity = stored.meta.itemPopularity;
  const numItems = dataset.itemIds.length;
  return {
    async scoreUsers(users) {
      const known = Int32Array.from(users, (u) => Math.max(0, userMap[u]!));
      const rows = await inner.scoreUsers(known);
      const storedItems = rows.length / Math.max(1, users.length);
      const out = new Float32Array(users.length * numItems);
      for (let r = 0; r < users.length; r++) {
        const storedUser = userMap[users[r]!]!;
        for (let j = 0; j < numItems; j++) {
          const i = itemMap[j]!;
          out[r * numItems + j] = i < 0 ? UNKNOWN_ITEM_SCORE : storedUser < 0 ? popularity[i]! : rows[r * storedItems + i]!;
        }
      }
      return out;
    },
  };
}

/**
 * The NCF implementation of the retrain job's steps: dataset from Postgres up to a watermark, leave-one-out split,
 * NCF training, evaluation of the candidate, ItemPop and the active model on that same split.
 *
 * ```ts
 * const handler = createRetrainHandler({ db, steps: createNcfRetrainSteps(db), bus, gateTolerance: 0.01, logger });
 * ```
 */
export function createNcfRetrainSteps(db: Kysely<Database>, params: NcfParams = DEFAULT_NCF_PARAMS): RetrainSteps<NcfPrepared, NcfCandidate> {
  return {
    async prepare(domain) {
      const dataset = await buildDataset(db, domain);
      const split = splitLeaveOneOut(dataset, { seed: params.seed });
      return { domain, watermark: dataset.watermark, users: dataset.userIds.length, items: dataset.itemIds.length, interactions: dataset.interactions.length, dataset, split };
    },

    async train(prepared, onProgress) {
      const trained = await trainNcf(prepared.split, params, {
        validationUsers: 200,
        onProgress: (p) => onProgress({ epoch: p.epoch, epochs: p.epochs, loss: p.loss, ...(Number.isFinite(p.valHr10) ? { valHr10: p.valHr10 } : {}), examplesPerSecond: p.examplesPerSecond, etaSeconds: p.etaSeconds }),
      });
      const meta = recommenderMetaOf(prepared.dataset, prepared.split, trained);
      const artifact = await recommenderArtifact(trained.model, meta);
      return {
        artifact,
        meta: { format: meta.format, version: meta.version, trainedAt: meta.trainedAt, watermark: meta.watermark },
        params: { ...trained.params },
        backend: trained.backend,
        trainSeconds: trained.trainSeconds,
        examplesPerSecond: trained.examplesPerSecond,
        model: trained.model,
        dispose: () => trained.model.dispose(),
      };
    },

    async evaluate(prepared, candidate) {
      const { tf } = await initTensorFlow();
      const scorer = new NcfScorer(tf, candidate.model);
      try {
        const model = await evaluate(scorer, prepared.split);
        const itemPop = await evaluate(itemPopularityScorer(prepared.split), prepared.split);
        return { candidate: gateMetrics(model), itemPop: gateMetrics(itemPop) };
      } finally {
        scorer.dispose();
      }
    },

    async evaluateStored(prepared, row: ModelRow) {
      const { tf } = await initTensorFlow();
      const stored = await RecommenderModel.fromArtifact(row.artifact, { id: row.id });
      const inner = new NcfScorer(tf, stored.network);
      try {
        return gateMetrics(await evaluate(storedModelScorer(stored, prepared.dataset, inner), prepared.split));
      } finally {
        inner.dispose();
        stored.dispose();
      }
    },
  };
}
