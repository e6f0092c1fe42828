import type { TfBackendName } from '../ml/tf-backend-name.ts';
import type { Domain } from '../db/database.ts';
import type { HistoryModelParams } from './history-model-params.ts';
import type { RecommenderKind } from './recommender-kind.ts';
import type { NcfParams } from './ncf-params.ts';
import type { RankingMetrics } from './ranking-metrics.ts';
import type { SignalRules } from './signal-rules.ts';

/** `meta.format` of each model kind: it says how the artifact's payload is laid out. */
export const META_FORMATS = { ncf: 'streamrec-ncf', history: 'streamrec-history' } as const satisfies Record<RecommenderKind, string>;

/**
 * `meta.json` of a recommender artifact: everything besides the network weights that serving
 * and audits need. `userIds[u]` / `itemIds[i]` map the model's dense indexes back to ids.
 * `format` names the model kind; `params` are that kind's hyperparameters.
 *
 * ```ts
 * const meta: RecommenderMeta = recommenderMetaOf(dataset, split, trained, { model: metrics, itemPop: baseline });
 * ```
 */
export type RecommenderMeta =
  | (RecommenderMetaFields & { readonly format: typeof META_FORMATS.ncf; readonly params: NcfParams })
  | (RecommenderMetaFields & { readonly format: typeof META_FORMATS.history; readonly params: HistoryModelParams });

interface RecommenderMetaFields {
  readonly version: 1;
  readonly domain: Domain;
  readonly trainedAt: string;
  /** Highest event id the training data included (`models.trained_from`). */
  readonly watermark: number;
  readonly backend: TfBackendName;
  readonly trainSeconds: number;
  readonly examplesPerSecond: number;
  readonly rules: SignalRules;
  /** Offline metrics of the model and of ItemPop under the same split, when evaluated. */
  readonly metrics: { readonly model: RankingMetrics; readonly itemPop: RankingMetrics } | null;
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  /** Training positives per item (the popularity fallback when no window is asked). */
  readonly itemPopularity: readonly number[];
}
