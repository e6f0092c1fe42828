/**
 * A user's consumption in one domain as serving needs it (see {@link loadUserHistory}), item
 * ids newest first.
 *
 * ```ts
 * const history: UserHistory = { consumed: ['ml:1', 'ml:50'], positives: ['ml:50'], disliked: [] };
 * ```
 */
export interface UserHistory {
  /** Every item with any event (excluded from recommendations unless asked). */
  readonly consumed: readonly string[];
  /** Items the implicit signal rates positive (the candidates for "because you watched X"). */
  readonly positives: readonly string[];
  /** Hard negatives: always excluded. */
  readonly disliked: readonly string[];
}
