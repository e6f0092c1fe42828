import { describe, expect, it } from 'vitest';
import { easeWeights, invertSymmetricPositiveDefinite } from '../../../src/recommender/ease-weights.ts';
import { createSeededRandom } from '../../../src/recommender/seeded-random.ts';
import { UserItemIndex } from '../../../src/recommender/user-item-index.ts';

describe('invertSymmetricPositiveDefinite', () => {
  it('inverts: A · A⁻¹ = I for a random SPD matrix', async () => {
    const n = 7;
    const random = createSeededRandom(5);
    const m = Float64Array.from({ length: n * n }, () => random.next() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j]! += m[i * n + k]! * m[j * n + k]!;
    for (let i = 0; i < n; i++) a[i * n + i]! += 0.5;
    const inverse = await invertSymmetricPositiveDefinite(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += a[i * n + k]! * inverse[k * n + j]!;
        expect(sum).toBeCloseTo(i === j ? 1 : 0, 9);
      }
    }
  });

  it('refuses a matrix that is not positive definite', async () => {
    await expect(invertSymmetricPositiveDefinite(Float64Array.of(1, 2, 2, 1), 2)).rejects.toThrow(/positive definite/);
  });
});

describe('easeWeights', () => {
  it('matches the closed form for two items always consumed together: B = n / (n + λ), zero diagonal', async () => {
    // 4 users each with items 0 and 1; item 2 has one user (below minUsers).
    const histories = UserItemIndex.from(5, [0, 0, 1, 1, 2, 2, 3, 3, 4], [0, 1, 0, 1, 0, 1, 0, 1, 2]);
    let yields = 0;
    const ease = await easeWeights(3, histories, { minUsers: 2, maxItems: 10, lambda: 2 }, async () => void (yields += 1));
    expect(Array.from(ease.items)).toEqual([0, 1]);
    expect(yields).toBe(6); // offered once per row in each of the three O(n³) passes
    expect(Array.from(ease.weights)).toEqual([0, expect.closeTo(4 / 6, 6), expect.closeTo(4 / 6, 6), 0]);
  });

  it('keeps only the most popular maxItems items, in index order', async () => {
    const histories = UserItemIndex.from(3, [0, 0, 0, 1, 1, 2], [3, 1, 0, 3, 1, 3]);
    expect(Array.from((await easeWeights(4, histories, { minUsers: 1, maxItems: 2, lambda: 1 })).items)).toEqual([1, 3]);
  });
});
