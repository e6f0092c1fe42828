import type { ItemFilter } from './item-filter.ts';
import type { UserHistory } from './user-history.ts';

/**
 * Options of `RecommenderModel.recommend`.
 *
 * ```ts
 * const options: RecommendOptions = { limit: 20, history, filter: { genre: 'Jazz' } };
 * ```
 */
export interface RecommendOptions {
  /** 1..1000, default 10. */
  readonly limit?: number;
  /** The user's consumption now (see `loadUserHistory`): excluded and used for reasons. */
  readonly history?: UserHistory;
  /** Drop consumed items (default true); disliked items are always dropped. */
  readonly excludeSeen?: boolean;
  /** Further item ids to leave out. */
  readonly exclude?: Iterable<string>;
  readonly filter?: ItemFilter;
  /** Retrieval depth reranked by the full network. Default 300. */
  readonly candidates?: number;
}
