import { describe, expect, it } from 'vitest';
import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import type { tf as TfNamespace } from '../../../src/ml/tf.ts';
import { historyLossOp, type HistoryStepInput } from '../../../src/recommender/history-loss-op.ts';
import { HistoryLossThreads } from '../../../src/recommender/history-loss-threads.ts';

// 4 items; pairs: 0 → {1, 3}, 1 → {0}, 2 → {}, 3 → {0, 1}
const pairs = { offsets: Int32Array.of(0, 2, 3, 3, 5), items: Int32Array.of(1, 3, 0, 0, 1) };
const input: HistoryStepInput = {
  rows: 2,
  kept: [Int32Array.of(0, 1), Int32Array.of(3)],
  scale: Float32Array.of(0.5, 2),
  targets: [Int32Array.of(0, 1, 2), Int32Array.of(3, 0)],
};
const base = [
  [0.2, -1.3, 0.8, 2.1],
  [-0.6, 0.4, 1.7, -0.9],
];
const bias = [0.1, -0.2, 0.3, 0.05];
const pairValues = [0.3, -0.7, 1.1, 0.2, -0.4];

/** The same loss from stock tfjs ops: a dense pair matrix, log-softmax and a multi-hot target. */
function reference(tf: typeof TfNamespace, b: TfNamespace.Tensor, itemBias: TfNamespace.Tensor, weights: TfNamespace.Tensor): TfNamespace.Scalar {
  const rows = input.kept.map((kept, r) => {
    const row = tf.buffer([4, pairValues.length]);
    for (const j of kept) for (let k = pairs.offsets[j]!; k < pairs.offsets[j + 1]!; k++) row.set(input.scale[r]!, pairs.items[k]!, k);
    return tf.matMul(row.toTensor(), tf.reshape(weights, [-1, 1])).reshape([1, 4]);
  });
  const logits = tf.add(tf.add(b, itemBias), tf.concat(rows, 0));
  const target = tf.buffer([2, 4]);
  input.targets.forEach((items, r) => items.forEach((i) => target.set(1, r, i)));
  return tf.div(tf.neg(tf.sum(tf.mul(target.toTensor(), tf.logSoftmax(logits)))), input.rows) as TfNamespace.Scalar;
}

/** Loss threads (one) with the pair weights above in place. */
async function oneThread() {
  const lossThreads = await HistoryLossThreads.start(4, pairs, { rows: 2, entries: 5 }, 1);
  lossThreads.buffers.pairValues.set(pairValues);
  return lossThreads;
}

describe('historyLossOp', () => {
  it('equals the stock-op loss, and its gradients equal theirs for the base logits, the bias and the pair weights', async () => {
    const { tf } = await initTensorFlow();
    const lossThreads = await oneThread();
    const fused = tf.tidy(() => {
      const { value, grads } = tf.valueAndGrads(historyLossOp(tf, lossThreads)(input))([tf.tensor2d(base), tf.tensor1d(bias)]);
      return { value: value.dataSync()[0]!, grads: [...grads.map((g) => Array.from(g.dataSync())), Array.from(lossThreads.buffers.dPairs)] };
    });
    const stock = tf.tidy(() => {
      const { value, grads } = tf.valueAndGrads((b, i, w) => reference(tf, b!, i!, w!))([tf.tensor2d(base), tf.tensor1d(bias), tf.tensor1d(pairValues)]);
      return { value: value.dataSync()[0]!, grads: grads.map((g) => Array.from(g.dataSync())) };
    });
    expect(fused.value).toBeCloseTo(stock.value, 5);
    expect(fused.grads).toHaveLength(3);
    fused.grads.forEach((grad, k) => expect(grad).toEqual(stock.grads[k]!.map((v) => expect.closeTo(v, 5))));
  });

  it('reuses its buffers across steps without mixing them up', async () => {
    const { tf } = await initTensorFlow();
    const lossThreads = await oneThread();
    const lossFor = historyLossOp(tf, lossThreads);
    const gradsOf = (b: number[][]) =>
      tf.tidy(() => [...tf.grads(lossFor(input))([tf.tensor2d(b), tf.tensor1d(bias)]).map((g) => Array.from(g.dataSync())), Array.from(lossThreads.buffers.dPairs)]);
    const first = gradsOf(base);
    gradsOf(base.map((row) => row.map((x) => -2 * x)));
    expect(gradsOf(base)).toEqual(first);
  });

  it('stays finite when a target’s probability underflows', async () => {
    const { tf } = await initTensorFlow();
    const lossFor = historyLossOp(tf, await oneThread());
    const far = [
      [200, -200, 0, 0],
      [0, 0, 0, 300],
    ];
    const value = tf.tidy(() => lossFor(input)(tf.tensor2d(far), tf.tensor1d(bias)).dataSync()[0]!);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThan(300);
  });
});
