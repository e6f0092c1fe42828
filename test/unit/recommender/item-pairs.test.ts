import { describe, expect, it } from 'vitest';
import { itemPairsOf } from '../../../src/recommender/item-pairs.ts';
import { UserItemIndex } from '../../../src/recommender/user-item-index.ts';

describe('itemPairsOf', () => {
  // user 0: items 0 1 2; user 1: items 1 2; user 2: item 3 (alone)
  const histories = UserItemIndex.from(3, [0, 0, 0, 1, 1, 2], [0, 1, 2, 1, 2, 3]);
  const pairs = itemPairsOf(4, histories);
  const row = (j: number) => Array.from(pairs.items.subarray(pairs.offsets[j]!, pairs.offsets[j + 1]!));
  const cosine = (j: number) => Array.from(pairs.cosine.subarray(pairs.offsets[j]!, pairs.offsets[j + 1]!));

  it('lists, per item, the other items seen with it, ascending, never itself', () => {
    expect(row(0)).toEqual([1, 2]);
    expect(row(1)).toEqual([0, 2]);
    expect(row(2)).toEqual([0, 1]);
    expect(row(3)).toEqual([]);
    expect(pairs.offsets[4]).toBe(6);
  });

  it('gives each pair the cosine similarity of the two items’ user sets', () => {
    // item 0: {0}, item 1: {0, 1}, item 2: {0, 1}: cos(0,1) = 1/√2, cos(1,2) = 2/2
    expect(cosine(0)[0]).toBeCloseTo(1 / Math.SQRT2, 6);
    expect(cosine(1)).toEqual([expect.closeTo(1 / Math.SQRT2, 6), expect.closeTo(1, 6)]);
  });
});
