import { describe, expect, it } from 'vitest';
import { scoreHistory, scoreHistoryItems, type HistoryModelWeights } from '../../../src/recommender/history-model.ts';
import { HistoryRanker } from '../../../src/recommender/history-ranker.ts';
import { historyWeightsFromBytes, historyWeightsToBytes } from '../../../src/recommender/history-weights-bytes.ts';

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

  it('scores chosen items as the whole-catalog pass does', () => {
    const all = new Float32Array(3);
    scoreHistory(weights, [0, 1], all);
    const some = new Float32Array(2);
    scoreHistoryItems(weights, [0, 1], [2, 0], some);
    expect(Array.from(some)).toEqual([expect.closeTo(all[2]!, 6), expect.closeTo(all[0]!, 6)]);
  });

  it('scores an empty history from the biases alone', () => {
    const out = new Float32Array(3);
    scoreHistory(weights, [], out);
    const h = [Math.tanh(0.1), Math.tanh(-0.1)];
    expect(Array.from(out)).toEqual([expect.closeTo(h[0]! + h[1]!, 5), expect.closeTo(-h[0]! + 0.5, 5), expect.closeTo(2 * h[1]! - 0.5, 5)]);
  });
});

describe('HistoryRanker', () => {
  const ranker = new HistoryRanker(weights);
  const logits = (history: number[]) => {
    const out = new Float32Array(3);
    scoreHistory(weights, history, out);
    return Array.from(out);
  };

  it('serves anyone with a known positive, and ranks every item by softmax probability', () => {
    expect(ranker.serves(-1, Int32Array.of(1))).toBe(true);
    expect(ranker.serves(5, new Int32Array(0))).toBe(false);
    const z = logits([0, 1]);
    const total = z.reduce((sum, x) => sum + Math.exp(x), 0);
    const { items, scores } = ranker.rank(-1, Int32Array.of(0, 1), 3, () => false);
    const order = [0, 1, 2].sort((a, b) => z[b]! - z[a]!);
    expect(Array.from(items)).toEqual(order);
    expect(Array.from(scores)).toEqual(order.map((i) => expect.closeTo(Math.exp(z[i]!) / total, 6)));
    expect(Array.from(ranker.rank(-1, Int32Array.of(0, 1), 3, (i) => i === order[0]).items)).toEqual(order.slice(1));
  });

  it('seeds sessions from the history as input, leaving the history and unknown items out', () => {
    const z = logits([2]);
    expect(Array.from(ranker.session(Int32Array.of(2, 99), 3, () => false).items)).toEqual([0, 1].sort((a, b) => z[b]! - z[a]!));
    expect(ranker.session(Int32Array.of(99), 3, () => false).items).toHaveLength(0);
  });

  it('scores full rows per user for offline evaluation', () => {
    const rows = ranker.scoreUsers(Int32Array.of(-1, -1), [Int32Array.of(0, 1), Int32Array.of(2)]);
    expect(Array.from(rows)).toEqual([...logits([0, 1]), ...logits([2])].map((x) => expect.closeTo(x, 6)));
  });

  it('explains picks by the cosine of the item input embeddings', () => {
    // Input embeddings (1,0), (0,1), (2,2); the output vectors (1,1), (-1,0), (0,2) would give -0.71 for (0, 1).
    expect(ranker.similarity.similarity(0, 1)).toBeCloseTo(0, 6);
    expect(ranker.similarity.similarity(0, 2)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(ranker.similarity.explain(0, Int32Array.of(1, 2))).toBe(2);
  });
});

describe('item-history weights bytes', () => {
  it('round-trip every array exactly', () => {
    expect(historyWeightsFromBytes(historyWeightsToBytes(weights))).toEqual(weights);
  });

  it('decode from a Node Buffer that shares its memory pool (as pg returns bytea)', () => {
    const pooled = Buffer.from(historyWeightsToBytes(weights));
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    expect(historyWeightsFromBytes(pooled)).toEqual(weights);
  });

  it('refuse a truncated or foreign payload', () => {
    const bytes = historyWeightsToBytes(weights);
    expect(() => historyWeightsFromBytes(bytes.subarray(0, bytes.length - 4))).toThrow(/truncated at pairWeights/);
    expect(() => historyWeightsFromBytes(Uint8Array.of(1, 2, 3))).toThrow(/TFJM/);
  });
});
