/**
 * Reported by {@link trainNcf} and `trainHistoryModel` after every epoch (the CLI draws a progress bar from it; the
 * retrain job stores it as job progress).
 *
 * ```ts
 * await trainNcf(split, params, { onProgress: (p) => console.log(`${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)}`) });
 * ```
 */
export interface TrainingProgress {
  /** 1-based epoch just finished. */
  readonly epoch: number;
  readonly epochs: number;
  /**
   * The epoch's mean training loss: NCF's weighted binary cross-entropy per example (without the L2 penalty), the
   * item-history model's softmax cross-entropy per positive.
   */
  readonly loss: number;
  /** HR@10 (NCF protocol) on the validation users, NaN without validation. */
  readonly valHr10: number;
  /** NCF: examples (positives and sampled negatives); item-history: positives, each scored against every item. */
  readonly examplesPerSecond: number;
  readonly etaSeconds: number;
  readonly elapsedSeconds: number;
}
