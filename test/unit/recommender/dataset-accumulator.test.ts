import { describe, expect, it } from 'vitest';
import { DatasetAccumulator } from '../../../src/recommender/dataset-accumulator.ts';
import { INTERACTION_LABEL } from '../../../src/recommender/interaction-label.ts';

describe('DatasetAccumulator', () => {
  it('maps ids to dense indexes in first-seen order and folds events per pair', () => {
    const accumulator = new DatasetAccumulator('film');
    accumulator.add({ id: 1, userId: 'a', itemId: 'x', kind: 'view', value: 0.9, occurredAt: 1000 });
    accumulator.add({ id: 2, userId: 'b', itemId: 'y', kind: 'rating', value: 2, occurredAt: 2000 });
    accumulator.add({ id: 3, userId: 'a', itemId: 'y', kind: 'dislike', value: null, occurredAt: 3000 });
    accumulator.add({ id: 4, userId: 'a', itemId: 'x', kind: 'rating', value: 5, occurredAt: new Date(4000) });
    const dataset = accumulator.finish([
      { id: 'x', title: 'X', attributes: { genres: ['Drama'], year: 1999 }, available: true },
      { id: 'y', title: 'Y', attributes: { artist: 'Z' }, available: false },
      { id: 'unused', title: 'U', attributes: {}, available: true },
    ]);
    expect(dataset.userIds).toEqual(['a', 'b']);
    expect(dataset.itemIds).toEqual(['x', 'y']);
    expect(dataset.watermark).toBe(4);
    expect(dataset.hasTimestamps).toBe(true);
    const { interactions } = dataset;
    expect(interactions.length).toBe(3);
    expect(Array.from(interactions.user)).toEqual([0, 1, 0]);
    expect(Array.from(interactions.item)).toEqual([0, 1, 1]);
    expect(Array.from(interactions.label)).toEqual([INTERACTION_LABEL.positive, INTERACTION_LABEL.seen, INTERACTION_LABEL.hardNegative]);
    expect(interactions.confidence[0]).toBeCloseTo(1);
    expect(Array.from(interactions.lastAt)).toEqual([4000, 2000, 3000]);
    expect(Array.from(interactions.lastEventId)).toEqual([4, 2, 3]);
    expect(dataset.catalog.titles).toEqual(['X', 'Y']);
    expect(dataset.catalog.genres).toEqual([['Drama'], []]);
    expect(Array.from(dataset.catalog.years)).toEqual([1999, Number.NaN]);
    expect(dataset.catalog.artists).toEqual([null, 'Z']);
    expect(Array.from(dataset.catalog.available)).toEqual([1, 0]);
  });

  it('detects data without real timestamps', () => {
    const accumulator = new DatasetAccumulator('music');
    for (let k = 1; k <= 5; k++) accumulator.add({ id: k, userId: `u${k % 2}`, itemId: `i${k}`, kind: 'listen', value: k, occurredAt: 0 });
    expect(accumulator.finish([]).hasTimestamps).toBe(false);
  });

  it('uses the given watermark and the id as title for items without a catalog row', () => {
    const accumulator = new DatasetAccumulator('music');
    accumulator.add({ id: 10, userId: 'u', itemId: 'i', kind: 'listen', value: 1, occurredAt: 0 });
    const dataset = accumulator.finish([], 99);
    expect(dataset.watermark).toBe(99);
    expect(dataset.catalog.titles).toEqual(['i']);
    expect(dataset.catalog.available[0]).toBe(1);
  });
});
