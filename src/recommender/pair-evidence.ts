/**
 * Everything the events of one (user, item) pair say, folded into a few numbers by
 * {@link accumulateEvent} and read by {@link implicitSignal}. Plain data, so the dataset builder
 * can keep one per pair while it streams events.
 *
 * ```ts
 * const evidence = emptyPairEvidence();
 * accumulateEvent(evidence, 'listen', 12);
 * implicitSignal(evidence); // { label: 'positive', confidence: 1 + Math.log(12) }
 * ```
 */
export interface PairEvidence {
  /** Sum of play counts of `listen` events. */
  plays: number;
  /** Highest watched fraction of `view` events (0 when none). */
  maxWatched: number;
  /** Number of `view` events. */
  views: number;
  /** The latest rating, or NaN when none. */
  rating: number;
  /** The latest explicit like/dislike: 1 like, -1 dislike, 0 none. */
  explicit: number;
  /** Number of `skip` events. */
  skips: number;
}

/** A fresh {@link PairEvidence} with no events folded in. */
export function emptyPairEvidence(): PairEvidence {
  return { plays: 0, maxWatched: 0, views: 0, rating: Number.NaN, explicit: 0, skips: 0 };
}
