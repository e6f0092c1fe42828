import type { TfBackendName } from '../ml/tf-backend-name.ts';
import type { tf } from '../ml/tf.ts';
import type { NcfParams } from './ncf-params.ts';
import type { NcfTrainingProgress } from './ncf-training-progress.ts';

/**
 * What {@link trainNcf} returns: the trained network (the caller owns it: `model.dispose()`)
 * and how training went.
 *
 * ```ts
 * const { model, trainSeconds, examplesPerSecond } = await trainNcf(split);
 * ```
 */
export interface TrainedNcf {
  readonly model: tf.LayersModel;
  readonly params: NcfParams;
  readonly backend: TfBackendName;
  readonly trainSeconds: number;
  /** Training examples (positives + negatives) per second over all epochs, sampling included. */
  readonly examplesPerSecond: number;
  readonly examples: number;
  /**
   * CPU time of this process during training (user + system, all threads) and examples per
   * CPU-second: the throughput measure that does not depend on how busy shared cores are.
   */
  readonly cpuSeconds: number;
  readonly examplesPerCpuSecond: number;
  readonly history: readonly NcfTrainingProgress[];
}
