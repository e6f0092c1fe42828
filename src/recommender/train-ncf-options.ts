import type { tf } from '../ml/tf.ts';
import type { EvaluationCandidates } from './evaluation-candidates.ts';
import type { TrainingProgress } from './training-progress.ts';

/**
 * Options of {@link trainNcf}.
 *
 * ```ts
 * const options: TrainNcfOptions = { onProgress: (p) => bar.update(p.epoch), validationUsers: 300 };
 * ```
 */
export interface TrainNcfOptions {
  /** Called after every epoch (awaited, so it may write to a database). */
  readonly onProgress?: (progress: TrainingProgress) => void | Promise<void>;
  /**
   * Users (with a test item) whose HR@10 is reported per epoch; a number picks that many evenly
   * spread users. Reporting only: training never looks at it. Default 0 (no validation).
   */
  readonly validationUsers?: number | Int32Array;
  /** Precomputed evaluation candidates for the validation users (default: sampled with seed 2017). */
  readonly validationCandidates?: EvaluationCandidates;
  /**
   * Called after every epoch with the network being trained (read-only use: custom validation,
   * checkpoints). Awaited.
   */
  readonly onEpochEnd?: (network: tf.LayersModel, progress: TrainingProgress) => void | Promise<void>;
  /** Stop early (between batches) when this signal aborts; throws the signal's reason. */
  readonly signal?: AbortSignal;
}
