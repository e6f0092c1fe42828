import { describe, expect, it } from 'vitest';
import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import { HistoryLossThreads } from '../../../src/recommender/history-loss-threads.ts';

describe('HistoryLossThreads.updatePairs', () => {
  it('takes the steps tf.train.adam takes on the same gradients', async () => {
    const { tf } = await initTensorFlow();
    const start = [0.5, -1.25, 2, 0.001, -0.3];
    const gradients = [
      [0.1, -0.2, 0.3, 0, 5],
      [-0.4, 0.25, 0.3, 1e-4, -5],
      [0.05, 0.5, -0.7, 0, 0.01],
    ];
    // Pair rows: one row of five pairs (item 0 with items 1-5).
    const lossThreads = await HistoryLossThreads.start(6, { offsets: Int32Array.of(0, 5, 5, 5, 5, 5, 5), items: Int32Array.of(1, 2, 3, 4, 5) }, { rows: 1, entries: 1 }, 1);
    lossThreads.buffers.pairValues.set(start);
    const weights = tf.variable(tf.tensor1d(start));
    const optimizer = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    gradients.forEach((gradient, k) => {
      lossThreads.buffers.dPairs.set(gradient);
      lossThreads.updatePairs({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, correction1: 1 - 0.9 ** (k + 1), correction2: 1 - 0.999 ** (k + 1) });
      tf.tidy(() => optimizer.applyGradients([{ name: weights.name, tensor: tf.tensor1d(gradient) }]));
    });
    expect(Array.from(lossThreads.buffers.pairValues)).toEqual(Array.from(weights.dataSync(), (w) => expect.closeTo(w, 6)));
    expect(Array.from(lossThreads.buffers.pairValues)).not.toEqual(start.map((w) => expect.closeTo(w, 6)));
    optimizer.dispose();
    weights.dispose();
    await lossThreads.close();
  });
});
