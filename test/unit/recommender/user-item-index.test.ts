import { describe, expect, it } from 'vitest';
import { UserItemIndex } from '../../../src/recommender/user-item-index.ts';

describe('UserItemIndex', () => {
  it('groups, sorts and de-duplicates items per user', () => {
    const index = UserItemIndex.from(3, [2, 0, 0, 2, 0], [9, 5, 1, 9, 3]);
    expect(Array.from(index.itemsOf(0))).toEqual([1, 3, 5]);
    expect(Array.from(index.itemsOf(1))).toEqual([]);
    expect(Array.from(index.itemsOf(2))).toEqual([9]);
    expect(index.count(0)).toBe(3);
    expect(index.numUsers).toBe(3);
  });
  it('answers membership', () => {
    const index = UserItemIndex.from(2, [0, 0, 1], [4, 8, 4]);
    expect(index.has(0, 4)).toBe(true);
    expect(index.has(0, 8)).toBe(true);
    expect(index.has(0, 5)).toBe(false);
    expect(index.has(1, 8)).toBe(false);
  });
});
