import { describe, expect, it } from 'vitest';
import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import type { tf as TfNamespace } from '../../../src/ml/tf.ts';
import { segmentSumOp } from '../../../src/recommender/segment-sum-op.ts';

describe('segmentSumOp', () => {
  it('sums rows into segments and has the gradient of tf.unsortedSegmentSum', async () => {
    const { tf } = await initTensorFlow();
    const x = [[1, 2], [3, 4], [5, 6], [7, 8]];
    const upstream = [[0.5, -1], [2, 0.25], [1.5, 3]];
    const result = tf.tidy(() => {
      const segments = tf.tensor1d([2, 0, 2, 1], 'int32');
      const ours = segmentSumOp(tf, segments, 3);
      const gradOf = (sum: (t: TfNamespace.Tensor) => TfNamespace.Tensor) => tf.grad((t) => tf.sum(tf.mul(sum(t), tf.tensor2d(upstream))))(tf.tensor2d(x)).arraySync();
      return {
        value: ours(tf.tensor2d(x)).arraySync(),
        grad: gradOf(ours),
        stockGrad: gradOf((t) => tf.unsortedSegmentSum(t, segments, 3)),
      };
    });
    expect(result.value).toEqual([[3, 4], [7, 8], [6, 8]]);
    expect(result.grad).toEqual(result.stockGrad);
    expect(result.grad).toEqual([[1.5, 3], [0.5, -1], [1.5, 3], [2, 0.25]]);
  });
});
