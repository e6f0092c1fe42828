import type { Domain } from '../db/database.ts';
import type { ItemCatalog } from './item-catalog.ts';
import type { SignalRules } from './signal-rules.ts';

/**
 * One row per (user, item) pair that has at least one event, in columns. `label` holds
 * {@link INTERACTION_LABEL} codes; `confidence` is the positive confidence (0 for non-positives).
 */
export interface InteractionTable {
  readonly length: number;
  readonly user: Int32Array;
  readonly item: Int32Array;
  readonly label: Int8Array;
  readonly confidence: Float32Array;
  /** Latest `occurred_at` of the pair's events, epoch milliseconds. */
  readonly lastAt: Float64Array;
  /** Latest event id of the pair (tie-breaker after `lastAt`). */
  readonly lastEventId: Float64Array;
}

/**
 * A domain's implicit feedback with dense indexes, built by `buildDataset` (from Postgres) or
 * `DatasetAccumulator` (from any event stream). Index `u` is user `userIds[u]`, index `i` item
 * `itemIds[i]`; `catalog` is indexed like `itemIds`.
 *
 * ```ts
 * const dataset = await buildDataset(db, 'film');
 * console.log(dataset.userIds.length, dataset.itemIds.length, dataset.interactions.length);
 * ```
 */
export interface RecommenderDataset {
  readonly domain: Domain;
  /** Highest event id included; 0 for an empty dataset. A later build from this watermark sees newer events. */
  readonly watermark: number;
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  readonly interactions: InteractionTable;
  readonly catalog: ItemCatalog;
  /**
   * False when every event carries the same `occurred_at` (an import without real timestamps,
   * e.g. Last.fm play counts): the split then holds out a random interaction, not the latest.
   */
  readonly hasTimestamps: boolean;
  readonly rules: SignalRules;
}
