import { describe, expect, it } from 'vitest';
import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import { pairLogitsOp } from '../../../src/recommender/pair-logits-op.ts';

// 4 items; pairs: 0 → {1, 3}, 1 → {0}, 2 → {}, 3 → {0, 1}
const pairs = { offsets: Int32Array.of(0, 2, 3, 3, 5), items: Int32Array.of(1, 3, 0, 0, 1) };
const input = { rows: 2, kept: [Int32Array.of(0, 1), Int32Array.of(3)], scale: Float32Array.of(0.5, 2) };
const values = [0.3, -0.7, 1.1, 0.2, -0.4];

/** The same term as a dense matrix product: row r = scale_r × Σ_{j kept} W[j, ·], W dense [4, 4] from the pairs. */
function denseReference(w: readonly number[]): number[][] {
  const out = [new Array(4).fill(0), new Array(4).fill(0)];
  input.kept.forEach((kept, r) => {
    for (const j of kept) for (let k = pairs.offsets[j]!; k < pairs.offsets[j + 1]!; k++) out[r]![pairs.items[k]!] += input.scale[r]! * w[k]!;
  });
  return out;
}

describe('pairLogitsOp', () => {
  it('computes the scaled sums of the kept items’ pair weights', async () => {
    const { tf } = await initTensorFlow();
    const result = tf.tidy(() => pairLogitsOp(tf, pairs, input, 4)(tf.tensor1d(values)).arraySync());
    expect(result).toEqual(denseReference(values).map((row) => row.map((v) => expect.closeTo(v, 6))));
  });

  it('has the gradient of its dense reference (checked against central differences)', async () => {
    const { tf } = await initTensorFlow();
    const upstream = [[0.5, -1, 2, 0.25], [1.5, 0.75, -0.5, 3]];
    const loss = (w: readonly number[]) => denseReference(w).reduce((sum, row, r) => sum + row.reduce((s, v, i) => s + v * upstream[r]![i]!, 0), 0);
    const grad = tf.tidy(() => tf.grad((w) => tf.sum(tf.mul(pairLogitsOp(tf, pairs, input, 4)(w), tf.tensor2d(upstream))))(tf.tensor1d(values)).arraySync() as number[]);
    const eps = 1e-3;
    values.forEach((_, k) => {
      const plus = values.map((v, j) => (j === k ? v + eps : v));
      const minus = values.map((v, j) => (j === k ? v - eps : v));
      expect(grad[k]).toBeCloseTo((loss(plus) - loss(minus)) / (2 * eps), 4);
    });
  });
});
