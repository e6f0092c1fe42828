/**
 * Reported by {@link trainNcf} after every epoch (the CLI draws a progress bar from it; the
 * retrain job stores it as job progress).
 *
 * ```ts
 * await trainNcf(split, params, { onProgress: (p) => console.log(`${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)}`) });
 * ```
 */
export interface NcfTrainingProgress {
  /** 1-based epoch just finished. */
  readonly epoch: number;
  readonly epochs: number;
  /** Mean weighted binary cross-entropy of the epoch (without the L2 penalty). */
  readonly loss: number;
  /** HR@10 (NCF protocol) on the validation users, NaN without validation. */
  readonly valHr10: number;
  readonly examplesPerSecond: number;
  readonly etaSeconds: number;
  readonly elapsedSeconds: number;
}
