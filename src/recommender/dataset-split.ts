import type { UserItemIndex } from './user-item-index.ts';

/** Training pairs of a split, in columns. */
export interface TrainingPairs {
  readonly length: number;
  readonly user: Int32Array;
  readonly item: Int32Array;
  /** Positive confidence from the implicit signal (positives), 0 for other pairs. */
  readonly confidence: Float32Array;
}

/**
 * A leave-one-out split (see {@link splitLeaveOneOut}). Users with fewer than two positives have
 * no test item (`testItem[u] === -1`) and are used for training only.
 *
 * ```ts
 * const split = splitLeaveOneOut(dataset, { seed: 7 });
 * for (let u = 0; u < split.numUsers; u++) if (split.testItem[u]! >= 0) console.log(u, split.testItem[u]);
 * ```
 */
export interface DatasetSplit {
  readonly numUsers: number;
  readonly numItems: number;
  /** Positives left for training. */
  readonly positives: TrainingPairs;
  /** Consumed but not positive (e.g. low ratings): never sampled as negatives. */
  readonly seen: TrainingPairs;
  /** Skipped and nothing positive: trained as down-weighted negatives. */
  readonly weakNegatives: TrainingPairs;
  /** Disliked pairs, trained as negatives. */
  readonly hardNegatives: TrainingPairs;
  /** Per user the held-out item, -1 when the user has no test item. */
  readonly testItem: Int32Array;
  /** Every training pair of a user (positives, seen, negatives; not the test item). */
  readonly trainHistory: UserItemIndex;
  /** Every pair with any event, the test items included ("touched"). */
  readonly touched: UserItemIndex;
  /** `latest`: by occurred_at then event id; `random`: seeded, for data without timestamps. */
  readonly strategy: 'latest' | 'random';
  readonly seed: number;
}
