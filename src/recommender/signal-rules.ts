/**
 * Thresholds of the implicit-feedback rules in {@link implicitSignal}.
 *
 * ```ts
 * const rules: SignalRules = { ...DEFAULT_SIGNAL_RULES, ratingThreshold: 3.5 };
 * ```
 */
export interface SignalRules {
  /** A rating at or above this is a positive; below it the item only counts as seen. Default 4. */
  readonly ratingThreshold: number;
  /** A view whose watched fraction (0..1) is below this is not a positive. Default 0.3. */
  readonly minWatchedFraction: number;
}

/** The rules the service uses unless told otherwise. */
export const DEFAULT_SIGNAL_RULES: SignalRules = Object.freeze({ ratingThreshold: 4, minWatchedFraction: 0.3 });
