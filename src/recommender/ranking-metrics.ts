/**
 * Averages over the evaluated users (each has one held-out item).
 * `hr10`, `ndcg10`: NCF protocol, the held-out item against sampled never-touched items.
 * `fullHr10`, `fullNdcg10`, `recall20`: against every item outside the user's training history.
 *
 * ```ts
 * const { hr10, ndcg10 } = await evaluate(scorer, split);
 * ```
 */
export interface RankingMetrics {
  readonly hr10: number;
  readonly ndcg10: number;
  readonly fullHr10: number;
  readonly fullNdcg10: number;
  readonly recall20: number;
  /** Number of users the averages are over. */
  readonly users: number;
}
