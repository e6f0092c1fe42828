import type { tf as TfNamespace } from '../ml/tf.ts';

/**
 * `tf.unsortedSegmentSum(x, segments, numSegments)` for non-negative `segments`, with the plain gradient
 * `gather(dy, segments)`: tfjs's own gradient also masks negative ids, through a broadcast `logicalAnd` that costs
 * wasm about as much as the rest of the embedding bag.
 *
 * ```ts
 * const summed = segmentSumOp(tf, rows, batchSize)(tf.gather(itemInput, items)); // [batchSize, dim]
 * ```
 */
export function segmentSumOp(tf: typeof TfNamespace, segments: TfNamespace.Tensor1D, numSegments: number) {
  return tf.customGrad(((x: TfNamespace.Tensor) => ({
    value: tf.unsortedSegmentSum(x, segments, numSegments),
    gradFunc: (dy: TfNamespace.Tensor) => tf.gather(dy, segments),
  })) as Parameters<typeof tf.customGrad>[0]) as (x: TfNamespace.Tensor) => TfNamespace.Tensor;
}
