import type { DatasetSplit } from './dataset-split.ts';
import type { RankingMetrics } from './ranking-metrics.ts';
import type { RecommenderDataset } from './recommender-dataset.ts';
import type { RecommenderMeta } from './recommender-meta.ts';
import type { TrainedNcf } from './trained-ncf.ts';

/**
 * Assembles the {@link RecommenderMeta} of a trained model from its dataset, split and
 * training result.
 *
 * ```ts
 * const meta = recommenderMetaOf(dataset, split, trained, { model: metrics, itemPop: baseline });
 * const { id } = await saveCandidate(db, trained.model, meta);
 * ```
 */
export function recommenderMetaOf(
  dataset: RecommenderDataset,
  split: DatasetSplit,
  trained: TrainedNcf,
  metrics: { model: RankingMetrics; itemPop: RankingMetrics } | null = null,
): RecommenderMeta {
  const popularity = new Array<number>(split.numItems).fill(0);
  for (let k = 0; k < split.positives.length; k++) popularity[split.positives.item[k]!]! += 1;
  return {
    format: 'streamrec-ncf',
    version: 1,
    domain: dataset.domain,
    trainedAt: new Date().toISOString(),
    watermark: dataset.watermark,
    backend: trained.backend,
    trainSeconds: trained.trainSeconds,
    examplesPerSecond: trained.examplesPerSecond,
    params: trained.params,
    rules: dataset.rules,
    metrics,
    userIds: dataset.userIds,
    itemIds: dataset.itemIds,
    itemPopularity: popularity,
  };
}
