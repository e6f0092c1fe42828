import type { PairEvidence } from './pair-evidence.ts';
import { DEFAULT_SIGNAL_RULES, type SignalRules } from './signal-rules.ts';

/**
 * What a (user, item) pair means for training and serving:
 * - `positive`: the user wants this kind of item; `confidence` > 0 weighs it.
 * - `seen`: consumed but not liked (a rating below the threshold, a short view); never
 *   recommended again by default, never sampled as a negative, not trained as a positive.
 * - `weak-negative`: skipped and nothing positive; never sampled as a positive.
 * - `hard-negative`: disliked; excluded from recommendations and trained as a negative.
 */
export type ImplicitLabel = 'positive' | 'seen' | 'weak-negative' | 'hard-negative';

/** The result of {@link implicitSignal}. */
export interface ImplicitSignal {
  readonly label: ImplicitLabel;
  /** Positive confidence (0 unless `label` is `positive`). */
  readonly confidence: number;
}

/**
 * The one place that turns a pair's events into implicit feedback. Rules:
 * - `dislike` (the latest of like/dislike) → hard negative, whatever else happened.
 * - A rating (the latest) below `ratingThreshold` → seen, even if the item was also viewed.
 * - Otherwise the positive evidence, taking the strongest confidence of:
 *   `like` → 1; rating ≥ threshold → 1; listens → 1 + ln(total plays);
 *   a view with watched fraction ≥ `minWatchedFraction` → the fraction.
 * - No positive evidence: skipped → weak negative; anything else (short views, zero plays) → seen.
 *
 * ```ts
 * const evidence = accumulateEvent(emptyPairEvidence(), 'rating', 5);
 * implicitSignal(evidence); // { label: 'positive', confidence: 1 }
 * implicitSignal(accumulateEvent(emptyPairEvidence(), 'rating', 3)); // { label: 'seen', confidence: 0 }
 * ```
 */
export function implicitSignal(evidence: PairEvidence, rules: SignalRules = DEFAULT_SIGNAL_RULES): ImplicitSignal {
  if (evidence.explicit < 0) return { label: 'hard-negative', confidence: 0 };
  const rated = !Number.isNaN(evidence.rating);
  if (rated && evidence.rating < rules.ratingThreshold && evidence.explicit <= 0) return { label: 'seen', confidence: 0 };
  let confidence = 0;
  if (evidence.explicit > 0) confidence = Math.max(confidence, 1);
  if (rated && evidence.rating >= rules.ratingThreshold) confidence = Math.max(confidence, 1);
  if (evidence.plays >= 1) confidence = Math.max(confidence, 1 + Math.log(evidence.plays));
  if (evidence.views > 0 && evidence.maxWatched >= rules.minWatchedFraction) {
    confidence = Math.max(confidence, evidence.maxWatched);
  }
  if (confidence > 0) return { label: 'positive', confidence };
  if (evidence.skips > 0) return { label: 'weak-negative', confidence: 0 };
  return { label: 'seen', confidence: 0 };
}
