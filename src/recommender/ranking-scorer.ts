/**
 * Anything that can score every item for a batch of users: the model, ItemPop, a test double.
 * Returns `users.length × numItems` scores, row-major (row `r` belongs to `users[r]`); higher
 * is better.
 *
 * ```ts
 * const random: RankingScorer = { scoreUsers: (users) => Float32Array.from({ length: users.length * numItems }, Math.random) };
 * ```
 */
export interface RankingScorer {
  scoreUsers(users: Int32Array): Float32Array | Promise<Float32Array>;
  /**
   * Optional: scores of parallel (user, item) pairs. When present, an evaluation without full
   * ranking scores only the target and its sampled candidates (much less work per user).
   */
  scorePairs?(users: Int32Array, items: Int32Array): Float32Array | Promise<Float32Array>;
}
