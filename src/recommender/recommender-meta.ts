import type { TfBackendName } from '../ml/tf-backend-name.ts';
import type { Domain } from '../db/database.ts';
import type { NcfParams } from './ncf-params.ts';
import type { RankingMetrics } from './ranking-metrics.ts';
import type { SignalRules } from './signal-rules.ts';

/**
 * `meta.json` of a recommender artifact: everything besides the network weights that serving
 * and audits need. `userIds[u]` / `itemIds[i]` map the model's dense indexes back to ids.
 *
 * ```ts
 * const meta: RecommenderMeta = recommenderMetaOf(dataset, split, trained, { model: metrics, itemPop: baseline });
 * ```
 */
export interface RecommenderMeta {
  readonly format: 'streamrec-ncf';
  readonly version: 1;
  readonly domain: Domain;
  readonly trainedAt: string;
  /** Highest event id the training data included (`models.trained_from`). */
  readonly watermark: number;
  readonly backend: TfBackendName;
  readonly trainSeconds: number;
  readonly examplesPerSecond: number;
  readonly params: NcfParams;
  readonly rules: SignalRules;
  /** Offline metrics of the model and of ItemPop under the same split, when evaluated. */
  readonly metrics: { readonly model: RankingMetrics; readonly itemPop: RankingMetrics } | null;
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  /** Training positives per item (the popularity fallback when no window is asked). */
  readonly itemPopularity: readonly number[];
}
