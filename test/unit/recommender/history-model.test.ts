import { describe, expect, it } from 'vitest';
import { scoreHistory, type HistoryModelWeights } from '../../../src/recommender/history-model.ts';

// 3 items, dim 2; pairs: (0 → 2) weight 0.5, (1 → 2) weight -1
const weights: HistoryModelWeights = {
  numItems: 3,
  dim: 2,
  itemInput: Float32Array.of(1, 0, 0, 1, 2, 2),
  hiddenBias: Float32Array.of(0.1, -0.1),
  itemOutput: Float32Array.of(1, 1, -1, 0, 0, 2),
  itemBias: Float32Array.of(0, 0.5, -0.5),
  pairOffsets: Int32Array.of(0, 1, 2, 2),
  pairItems: Int32Array.of(2, 2),
  pairWeights: Float32Array.of(0.5, -1),
  historyAlpha: 0.5,
};

describe('scoreHistory', () => {
  it('adds the hidden layer’s dot products, the item biases and the scaled pair weights', () => {
    const out = new Float32Array(3);
    scoreHistory(weights, [0, 1], out);
    const s = 2 ** -0.5;
    const h = [Math.tanh(0.1 + s), Math.tanh(-0.1 + s)];
    expect(out[0]).toBeCloseTo(h[0]! + h[1]!, 5);
    expect(out[1]).toBeCloseTo(-h[0]! + 0.5, 5);
    expect(out[2]).toBeCloseTo(2 * h[1]! - 0.5 + s * (0.5 - 1), 5);
  });

  it('scores an empty history from the biases alone', () => {
    const out = new Float32Array(3);
    scoreHistory(weights, [], out);
    const h = [Math.tanh(0.1), Math.tanh(-0.1)];
    expect(Array.from(out)).toEqual([expect.closeTo(h[0]! + h[1]!, 5), expect.closeTo(-h[0]! + 0.5, 5), expect.closeTo(2 * h[1]! - 0.5, 5)]);
  });
});
