import { describe, expect, it } from 'vitest';
import type { EventKind } from '../../../src/db/database.ts';
import { DatasetAccumulator } from '../../../src/recommender/dataset-accumulator.ts';
import { splitLeaveOneOut } from '../../../src/recommender/split-leave-one-out.ts';

type Row = [user: string, item: string, kind: EventKind, value: number | null, at: number];

function datasetOf(rows: Row[]) {
  const accumulator = new DatasetAccumulator('film');
  rows.forEach(([userId, itemId, kind, value, occurredAt], k) => accumulator.add({ id: k + 1, userId, itemId, kind, value, occurredAt }));
  return accumulator.finish([]);
}

describe('splitLeaveOneOut', () => {
  it('holds out the latest positive per user by occurred_at', () => {
    const dataset = datasetOf([
      ['a', 'late', 'rating', 5, 300],
      ['a', 'early', 'rating', 5, 100],
      ['a', 'mid', 'rating', 4, 200],
      ['a', 'newest-but-low', 'rating', 2, 400],
    ]);
    const split = splitLeaveOneOut(dataset);
    expect(split.strategy).toBe('latest');
    expect(dataset.itemIds[split.testItem[0]!]).toBe('late');
    expect(split.positives.length).toBe(2);
    expect(split.seen.length).toBe(1);
    const history = Array.from(split.trainHistory.itemsOf(0), (i) => dataset.itemIds[i]).sort();
    expect(history).toEqual(['early', 'mid', 'newest-but-low']);
    expect(split.touched.count(0)).toBe(4);
  });

  it('breaks occurred_at ties by the higher event id', () => {
    const dataset = datasetOf([
      ['a', 'first', 'rating', 5, 100],
      ['a', 'second', 'rating', 5, 100],
      ['a', 'old', 'rating', 5, 50],
    ]);
    const split = splitLeaveOneOut(dataset);
    expect(dataset.itemIds[split.testItem[0]!]).toBe('second');
  });

  it('keeps users with fewer than two positives for training only', () => {
    const dataset = datasetOf([
      ['a', 'x', 'rating', 5, 1],
      ['a', 'y', 'rating', 1, 2],
      ['b', 'x', 'rating', 5, 3],
      ['b', 'y', 'rating', 5, 4],
    ]);
    const split = splitLeaveOneOut(dataset);
    expect(split.testItem[0]).toBe(-1);
    expect(split.testItem[1]).toBe(1);
    expect(split.positives.length).toBe(2);
  });

  it('holds out a seeded random positive when timestamps are all equal, deterministically', () => {
    const rows: Row[] = [];
    for (let u = 0; u < 50; u++) for (let i = 0; i < 10; i++) rows.push([`u${u}`, `i${i}`, 'listen', 1 + i, 0]);
    const dataset = datasetOf(rows);
    expect(dataset.hasTimestamps).toBe(false);
    const a = splitLeaveOneOut(dataset, { seed: 3 });
    const b = splitLeaveOneOut(dataset, { seed: 3 });
    const c = splitLeaveOneOut(dataset, { seed: 4 });
    expect(a.strategy).toBe('random');
    expect(Array.from(a.testItem)).toEqual(Array.from(b.testItem));
    expect(Array.from(a.testItem)).not.toEqual(Array.from(c.testItem));
    // Not always the same position (it would be if "latest" were used on equal timestamps).
    expect(new Set(a.testItem).size).toBeGreaterThan(3);
    for (let u = 0; u < 50; u++) expect(a.trainHistory.has(u, a.testItem[u]!)).toBe(false);
  });

  it('separates hard and weak negatives from positives', () => {
    const dataset = datasetOf([
      ['a', 'x', 'listen', 3, 1],
      ['a', 'y', 'dislike', null, 2],
      ['a', 'z', 'skip', null, 3],
      ['a', 'w', 'listen', 9, 4],
    ]);
    const split = splitLeaveOneOut(dataset);
    expect(split.hardNegatives.length).toBe(1);
    expect(split.weakNegatives.length).toBe(1);
    expect(dataset.itemIds[split.testItem[0]!]).toBe('w');
    expect(split.positives.length).toBe(1);
  });
});
