import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/recommender/seeded-random.ts';

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    const first = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(first);
  });

  it('gives different sequences for different seeds', () => {
    const a = createSeededRandom(1);
    const b = createSeededRandom(2);
    expect(a.next()).not.toEqual(b.next());
  });

  it('is the published mulberry32 sequence', () => {
    const random = createSeededRandom(42);
    expect(random.next()).toBeCloseTo(0.6011037519201636, 15);
  });

  it('draws integers uniformly in [0, n)', () => {
    const random = createSeededRandom(7);
    const counts = new Array(10).fill(0);
    for (let k = 0; k < 100_000; k++) counts[random.int(10)] += 1;
    expect(Math.max(...counts.map((count) => Math.abs(count - 10_000)))).toBeLessThan(500);
  });

  it('stays in [0, 1)', () => {
    const random = createSeededRandom(0);
    const draws = Array.from({ length: 100_000 }, () => random.next());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
  });
});
