import type { tf } from '../ml/tf.ts';
import type { NcfParams } from './ncf-params.ts';
import type { TrainingRun } from './training-run.ts';

/**
 * What {@link trainNcf} returns: the trained network (the caller owns it: `model.dispose()`)
 * and how training went (examples: positives + sampled negatives).
 *
 * ```ts
 * const { model, trainSeconds, examplesPerSecond } = await trainNcf(split);
 * ```
 */
export interface TrainedNcf extends TrainingRun {
  readonly model: tf.LayersModel;
  readonly params: NcfParams;
}
