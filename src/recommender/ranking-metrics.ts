/**
 * Offline ranking metrics, averaged over the evaluated users (each has one held-out item). The
 * keys are the ones the `--json` report, `models.metrics` and the retrain gate use.
 * - `hr@10`, `ndcg@10`: NCF protocol, the held-out item against sampled never-touched items.
 * - `full_hr@10`, `full_ndcg@10`, `recall@20`: against every item outside the user's training
 *   history (NaN when the evaluation skipped full ranking).
 *
 * ```ts
 * const metrics = await evaluate(scorer, split);
 * console.log(metrics['hr@10'], metrics['full_hr@10'], metrics.users);
 * ```
 */
export interface RankingMetrics {
  readonly 'hr@10': number;
  readonly 'ndcg@10': number;
  readonly 'full_hr@10': number;
  readonly 'full_ndcg@10': number;
  readonly 'recall@20': number;
  /** Number of users the averages are over. */
  readonly users: number;
}
