/**
 * One epoch of training examples, shuffled, in columns (see {@link buildEpochExamples}).
 *
 * ```ts
 * const examples = buildEpochExamples(split, params, random, sampler);
 * const firstBatchUsers = examples.user.subarray(0, params.batchSize);
 * ```
 */
export interface TrainingExamples {
  readonly length: number;
  readonly user: Int32Array;
  readonly item: Int32Array;
  /** 1 for positives, 0 for negatives (or `seenLabel`). */
  readonly label: Float32Array;
  readonly weight: Float32Array;
  /** Rows per group (a positive and its negatives) in the grouped prefix; 1 when not grouped. */
  readonly groupSize: number;
  /** Rows `[0, groupedLength)` are groups of `groupSize`; the rest are single examples. */
  readonly groupedLength: number;
}
