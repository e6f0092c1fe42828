import { describe, expect, it } from 'vitest';
import { itemCatalogOf } from '../../../src/recommender/item-catalog-of.ts';
import { itemFilterPredicate } from '../../../src/recommender/item-filter-predicate.ts';
import { ServingIndex } from '../../../src/recommender/serving-index.ts';

// 2-d vectors: items 0,1 point along x, items 2,3 along y, item 4 diagonal.
const itemGmf = Float32Array.of(1, 0, 0.9, 0.1, 0, 1, 0.1, 0.9, 0.7, 0.7);
const index = new ServingIndex({
  numUsers: 2,
  numItems: 5,
  dim: 2,
  userQuery: Float32Array.of(1, 0, 0, 2),
  itemGmf,
  itemUnit: Float32Array.from({ length: 10 }, (_, k) => {
    const i = Math.floor(k / 2);
    return itemGmf[k]! / Math.hypot(itemGmf[2 * i]!, itemGmf[2 * i + 1]!);
  }),
});

describe('ServingIndex', () => {
  it('retrieves by dot product with the user query', () => {
    expect(Array.from(index.retrieve(0, 3))).toEqual([0, 1, 4]);
    expect(Array.from(index.retrieve(1, 2))).toEqual([2, 3]);
    expect(Array.from(index.retrieve(1, 2, (i) => i === 2))).toEqual([3, 4]);
  });
  it('finds similar items by cosine, without the item itself', () => {
    const { items, scores } = index.similar(0, 2);
    expect(Array.from(items)).toEqual([1, 4]);
    expect(scores[0]).toBeGreaterThan(scores[1]!);
    expect(scores[0]).toBeLessThanOrEqual(1);
  });
  it('seeds a session from the mean of the history', () => {
    expect(Array.from(index.session([2, 3], 1).items)).toEqual([4]);
    expect(index.session([], 3).items).toHaveLength(0);
    expect(index.session([99], 3).items).toHaveLength(0);
  });
  it('explains a pick by the most similar consumed item', () => {
    expect(index.explain(1, [2, 0, 3])).toBe(0);
    expect(index.explain(3, [0, 2])).toBe(2);
    expect(index.explain(3, [])).toBe(-1);
  });
});

describe('itemFilterPredicate', () => {
  const catalog = itemCatalogOf(['a', 'b', 'c'], [
    { id: 'a', title: 'A', attributes: { genres: ['Drama'], year: 1990 }, available: true },
    { id: 'b', title: 'B', attributes: { tags: ['jazz', 'drama'], year: '2001' }, available: false },
    { id: 'c', title: 'C', attributes: {}, available: true },
  ]);
  const kept = (filter: Parameters<typeof itemFilterPredicate>[1]) => [0, 1, 2].filter(itemFilterPredicate(catalog, filter));
  it('keeps only available items by default', () => {
    expect(kept({})).toEqual([0, 2]);
    expect(kept({ availableOnly: false })).toEqual([0, 1, 2]);
  });
  it('filters by genre (case-insensitive, tags for music) and year', () => {
    expect(kept({ genre: 'DRAMA', availableOnly: false })).toEqual([0, 1]);
    expect(kept({ yearFrom: 2000, availableOnly: false })).toEqual([1]);
    expect(kept({ yearTo: 1995 })).toEqual([0]);
    expect(kept({ predicate: (i) => i !== 0 })).toEqual([2]);
  });
});
