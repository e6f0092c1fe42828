import type { ItemVectorIndex } from './item-vector-index.ts';

/** Items best first with their scores (in (0, 1): a probability under the model). */
export interface RankedItems {
  readonly items: Int32Array;
  readonly scores: Float32Array;
}

/**
 * What serving needs from a trained network, whichever kind it is (`NcfRanker`, `HistoryRanker`): `RecommenderModel`
 * does ids, exclusions, filters, caching and reasons on top. Users are indexes of `meta.userIds` (-1: not trained
 * on), items indexes of `meta.itemIds`, `positives` the user's positively consumed items.
 *
 * ```ts
 * if (ranker.serves(user, positives)) {
 *   const { items, scores } = ranker.rank(user, positives, 300, (i) => seen.has(i));
 *   const because = ranker.similarity.explain(items[0]!, positives);
 * }
 * ```
 */
export interface Ranker {
  /** Item similarity: similar items and the reasons for picks. */
  readonly similarity: ItemVectorIndex;
  /** Whether {@link rank} has a personal ranking for this user (else serve the popular fallback). */
  serves(user: number, positives: Int32Array): boolean;
  /** The `depth` best items for the user, skipping `skip(i)`. */
  rank(user: number, positives: Int32Array, depth: number, skip: (item: number) => boolean): RankedItems;
  /** The `limit` best items for an anonymous session with this history (history items excluded). */
  session(history: Int32Array, limit: number, skip: (item: number) => boolean): RankedItems;
  /** Scores of every item per user, row-major (offline evaluation of a stored model); users must be served. */
  scoreUsers(users: Int32Array, positives: readonly Int32Array[]): Float32Array;
  /** Runs one ranking, so first-call setup does not land in a request. */
  warm(): void;
  dispose(): void;
}
