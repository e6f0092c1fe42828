import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/recommender/seeded-random.ts';
import { topK } from '../../../src/recommender/top-k.ts';

describe('topK', () => {
  it('returns the k best indexes, best first', () => {
    expect(Array.from(topK(Float32Array.of(0.1, 0.9, 0.5, 0.7), 2))).toEqual([1, 3]);
  });
  it('breaks ties by the lower index and skips NaN and skipped indexes', () => {
    expect(Array.from(topK([1, 2, 2, Number.NaN, 2], 3))).toEqual([1, 2, 4]);
    expect(Array.from(topK([5, 4, 3, 2], 2, (i) => i === 0))).toEqual([1, 2]);
  });
  it('returns fewer when fewer qualify, nothing for k = 0', () => {
    expect(Array.from(topK([1, 2], 5))).toEqual([1, 0]);
    expect(topK([1, 2], 0)).toHaveLength(0);
  });
  it('agrees with a full sort on random data', () => {
    const random = createSeededRandom(3);
    const scores = Float32Array.from({ length: 5000 }, () => random.next());
    const expected = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, 300);
    expect(Array.from(topK(scores, 300))).toEqual(expected);
  });
});
