import type { DatasetSplit } from './dataset-split.ts';
import type { RankingMetrics } from './ranking-metrics.ts';
import type { RecommenderDataset } from './recommender-dataset.ts';
import { META_FORMATS, type RecommenderMeta } from './recommender-meta.ts';
import { isTrainedNcf, type TrainedRecommender } from './trained-recommender.ts';

/**
 * Assembles the {@link RecommenderMeta} of a trained model from its dataset, split and
 * training result.
 *
 * ```ts
 * const meta = recommenderMetaOf(dataset, split, trained, { model: metrics, itemPop: baseline });
 * const { id } = await saveCandidate(db, trained, meta);
 * ```
 */
export function recommenderMetaOf(
  dataset: RecommenderDataset,
  split: DatasetSplit,
  trained: TrainedRecommender,
  metrics: { model: RankingMetrics; itemPop: RankingMetrics } | null = null,
): RecommenderMeta {
  const popularity = new Array<number>(split.numItems).fill(0);
  for (let k = 0; k < split.positives.length; k++) popularity[split.positives.item[k]!]! += 1;
  const kind = isTrainedNcf(trained) ? { format: META_FORMATS.ncf, params: trained.params } : { format: META_FORMATS.history, params: trained.params };
  return {
    ...kind,
    version: 1,
    domain: dataset.domain,
    trainedAt: new Date().toISOString(),
    watermark: dataset.watermark,
    backend: trained.backend,
    trainSeconds: trained.trainSeconds,
    examplesPerSecond: trained.examplesPerSecond,
    rules: dataset.rules,
    metrics,
    userIds: dataset.userIds,
    itemIds: dataset.itemIds,
    itemPopularity: popularity,
  };
}
