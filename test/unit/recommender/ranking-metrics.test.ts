import { describe, expect, it } from 'vitest';
import { DatasetAccumulator } from '../../../src/recommender/dataset-accumulator.ts';
import { evaluate } from '../../../src/recommender/evaluate.ts';
import { itemPopularityScorer } from '../../../src/recommender/item-popularity-scorer.ts';
import { rankOfTarget } from '../../../src/recommender/rank-of-target.ts';
import { rankingGain } from '../../../src/recommender/ranking-gain.ts';
import type { RankingScorer } from '../../../src/recommender/ranking-scorer.ts';
import { sampleEvaluationCandidates } from '../../../src/recommender/sample-evaluation-candidates.ts';
import { splitLeaveOneOut } from '../../../src/recommender/split-leave-one-out.ts';

describe('rankOfTarget', () => {
  it('counts candidates scoring higher', () => {
    expect(rankOfTarget(0.5, [0.9, 0.1, 0.7, 0.2], [0, 1, 2, 3])).toBe(2);
    expect(rankOfTarget(1, [0.9, 0.1], [0, 1])).toBe(0);
  });
  it('counts ties as half', () => {
    expect(rankOfTarget(0.5, [0.5, 0.5, 0.9], [0, 1, 2])).toBe(2);
    // A constant scorer puts the target in the middle of 99 negatives.
    expect(rankOfTarget(0, new Float32Array(99), Array.from({ length: 99 }, (_, j) => j))).toBe(49.5);
  });
  it('only looks at the given candidates', () => {
    expect(rankOfTarget(0.5, [0.9, 0.9, 0.1], [2])).toBe(0);
  });
});

describe('rankingGain', () => {
  it('gives NDCG 1 at the top and 1/log2(rank+2) below', () => {
    expect(rankingGain(0, 10)).toEqual({ hit: 1, ndcg: 1 });
    expect(rankingGain(1, 10).ndcg).toBeCloseTo(1 / Math.log2(3));
    expect(rankingGain(2, 10).ndcg).toBeCloseTo(0.5);
    expect(rankingGain(9, 10)).toEqual({ hit: 1, ndcg: expect.closeTo(1 / Math.log2(11), 10) });
  });
  it('is zero at and beyond the cut-off', () => {
    expect(rankingGain(10, 10)).toEqual({ hit: 0, ndcg: 0 });
    expect(rankingGain(19, 20).hit).toBe(1);
    expect(rankingGain(20, 20).hit).toBe(0);
  });
});

/** 3 users × 30 items; each user rated items 0..4 (their own offset) with increasing timestamps. */
function handMadeSplit() {
  const accumulator = new DatasetAccumulator('film');
  let id = 0;
  const users = ['u0', 'u1', 'u2'];
  for (let i = 0; i < 30; i++) accumulator.add({ id: ++id, userId: 'pad', itemId: `i${i}`, kind: 'rating', value: 1, occurredAt: 0 });
  users.forEach((user, u) => {
    for (let k = 0; k < 5; k++) accumulator.add({ id: ++id, userId: user, itemId: `i${u * 5 + k}`, kind: 'rating', value: 5, occurredAt: 1000 + k });
  });
  const dataset = accumulator.finish([]);
  return { dataset, split: splitLeaveOneOut(dataset) };
}

describe('evaluate', () => {
  it('scores a perfect ranking as 1 everywhere', async () => {
    const { split } = handMadeSplit();
    const oracle: RankingScorer = {
      scoreUsers: (users) => {
        const scores = new Float32Array(users.length * split.numItems);
        users.forEach((user, r) => (scores[r * split.numItems + split.testItem[user]!] = 1));
        return scores;
      },
    };
    const metrics = await evaluate(oracle, split);
    expect(metrics).toEqual({ 'hr@10': 1, 'ndcg@10': 1, 'full_hr@10': 1, 'full_ndcg@10': 1, 'recall@20': 1, users: 3 });
  });

  it('computes hand-checked ranks under both protocols', async () => {
    const { split } = handMadeSplit();
    const targets = new Set(Array.from(split.testItem).filter((i) => i >= 0));
    // Every user: 12 non-target items outside training history score above the target.
    const scorer: RankingScorer = {
      scoreUsers: (users) => {
        const scores = new Float32Array(users.length * split.numItems);
        users.forEach((user, r) => {
          const row = scores.subarray(r * split.numItems, (r + 1) * split.numItems);
          let above = 0;
          for (let i = 0; i < split.numItems; i++) {
            if (targets.has(i) || split.trainHistory.has(user, i)) continue;
            row[i] = above < 12 ? 2 : 0;
            above++;
          }
          row[split.testItem[user]!] = 1;
        });
        return scores;
      },
    };
    const metrics = await evaluate(scorer, split, { negatives: 5 });
    // Full ranking: 12 items above (rank 12): miss at 10, hit at 20.
    expect(metrics['full_hr@10']).toBe(0);
    expect(metrics['full_ndcg@10']).toBe(0);
    expect(metrics['recall@20']).toBe(1);
    // Sampled: the target beats exactly the candidates scoring 0.
    const candidates = sampleEvaluationCandidates(split, { count: 5 });
    let expectedHr = 0;
    let expectedNdcg = 0;
    const rows = scorer.scoreUsers(candidates.users) as Float32Array;
    candidates.users.forEach((user, r) => {
      const row = rows.subarray(r * split.numItems, (r + 1) * split.numItems);
      const rank = Array.from(candidates.candidates.subarray(r * 5, r * 5 + 5)).filter((i) => row[i]! > 1).length;
      expectedHr += rank < 10 ? 1 : 0;
      expectedNdcg += 1 / Math.log2(rank + 2);
    });
    expect(metrics['hr@10']).toBeCloseTo(expectedHr / 3);
    expect(metrics['ndcg@10']).toBeCloseTo(expectedNdcg / 3);
  });

  it('ranks a constant scorer in the middle (ties count half)', async () => {
    const { split } = handMadeSplit();
    const constant: RankingScorer = { scoreUsers: (users) => new Float32Array(users.length * split.numItems) };
    const metrics = await evaluate(constant, split, { negatives: 20 });
    // 20 tied candidates → rank 10 → not a hit at 10.
    expect(metrics['hr@10']).toBe(0);
  });

  it('uses scorePairs for a sampled-only evaluation and agrees with full rows', async () => {
    const { split } = handMadeSplit();
    const table = Float32Array.from({ length: split.numUsers * split.numItems }, (_, k) => Math.sin(k * 12.9898) * 43758.5453 % 1);
    const rowsScorer: RankingScorer = {
      scoreUsers: (users) => {
        const out = new Float32Array(users.length * split.numItems);
        users.forEach((user, r) => out.set(table.subarray(user * split.numItems, (user + 1) * split.numItems), r * split.numItems));
        return out;
      },
    };
    let pairCalls = 0;
    const pairScorer: RankingScorer = {
      scoreUsers: () => {
        throw new Error('should not be called');
      },
      scorePairs: (users, items) => {
        pairCalls++;
        return Float32Array.from(users, (user, k) => table[user * split.numItems + items[k]!]!);
      },
    };
    const full = await evaluate(rowsScorer, split, { negatives: 10 });
    const sampled = await evaluate(pairScorer, split, { negatives: 10, full: false });
    expect(pairCalls).toBe(1);
    expect(sampled['hr@10']).toBeCloseTo(full['hr@10']);
    expect(sampled['ndcg@10']).toBeCloseTo(full['ndcg@10']);
    expect(sampled['full_hr@10']).toBeNaN();
  });

  it('scores ItemPop by training positives', async () => {
    const { split } = handMadeSplit();
    const scores = await itemPopularityScorer(split).scoreUsers(Int32Array.of(0));
    // Item i0 has 1 training positive (u0); the pad user's low ratings are only "seen"; u1's test item i9 has none.
    expect(scores[0]).toBe(1);
    expect(split.testItem[0]).toBe(-1);
    expect(scores[split.testItem[1]!]).toBe(0);
    expect(scores[5]).toBe(1);
  });
});

describe('sampleEvaluationCandidates', () => {
  it('samples distinct never-touched items, deterministically', () => {
    const { split } = handMadeSplit();
    const a = sampleEvaluationCandidates(split, { seed: 5, count: 20 });
    const b = sampleEvaluationCandidates(split, { seed: 5, count: 20 });
    expect(Array.from(a.candidates)).toEqual(Array.from(b.candidates));
    expect(Array.from(a.users)).toEqual([1, 2, 3]);
    a.users.forEach((user, r) => {
      const row = Array.from(a.candidates.subarray(r * 20, (r + 1) * 20));
      expect(new Set(row).size).toBe(20);
      for (const item of row) expect(split.touched.has(user, item)).toBe(false);
    });
  });
});
