/**
 * Per evaluated user, the items the held-out item is ranked against under the NCF protocol
 * (see {@link sampleEvaluationCandidates}).
 *
 * ```ts
 * const { users, perUser, candidates } = sampleEvaluationCandidates(split);
 * const firstUsersCandidates = candidates.subarray(0, perUser);
 * ```
 */
export interface EvaluationCandidates {
  /** The evaluated users (those with a test item), ascending. */
  readonly users: Int32Array;
  /** Candidates per user. */
  readonly perUser: number;
  /** `users.length × perUser` item indexes; row `r` belongs to `users[r]`. */
  readonly candidates: Int32Array;
  readonly seed: number;
}
