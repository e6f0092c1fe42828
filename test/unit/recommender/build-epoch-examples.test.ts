import { describe, expect, it } from 'vitest';
import { buildEpochExamples } from '../../../src/recommender/build-epoch-examples.ts';
import { DatasetAccumulator } from '../../../src/recommender/dataset-accumulator.ts';
import { DEFAULT_NCF_PARAMS } from '../../../src/recommender/ncf-params.ts';
import { NegativeSampler } from '../../../src/recommender/negative-sampler.ts';
import { createSeededRandom } from '../../../src/recommender/seeded-random.ts';
import { splitLeaveOneOut } from '../../../src/recommender/split-leave-one-out.ts';

function smallSplit() {
  const accumulator = new DatasetAccumulator('music');
  let id = 0;
  for (let u = 0; u < 10; u++) {
    for (let k = 0; k < 6; k++) accumulator.add({ id: ++id, userId: `u${u}`, itemId: `i${(u + k) % 30}`, kind: 'listen', value: 1 + k, occurredAt: id });
    accumulator.add({ id: ++id, userId: `u${u}`, itemId: `i${(u + 10) % 30}`, kind: 'dislike', value: null, occurredAt: id });
    accumulator.add({ id: ++id, userId: `u${u}`, itemId: `i${(u + 12) % 30}`, kind: 'skip', value: null, occurredAt: id });
  }
  for (let i = 0; i < 30; i++) accumulator.add({ id: ++id, userId: 'pad', itemId: `i${i}`, kind: 'view', value: 0.1, occurredAt: id });
  return splitLeaveOneOut(accumulator.finish([]));
}

describe('buildEpochExamples', () => {
  it('emits every positive plus k negatives outside the training history, and the hard/weak negatives', () => {
    const split = smallSplit();
    const params = { ...DEFAULT_NCF_PARAMS, negatives: 3 };
    const examples = buildEpochExamples(split, params, createSeededRandom(1), new NegativeSampler(new Float64Array(split.numItems), 0));
    expect(examples.length).toBe(split.positives.length * 4 + split.hardNegatives.length + split.weakNegatives.length);
    const positives = Array.from(examples.label).filter((l, k) => l === 1 && examples.weight[k] === 1).length;
    expect(positives).toBe(split.positives.length);
    let sampled = 0;
    for (let k = 0; k < examples.length; k++) {
      if (examples.label[k] === 0 && examples.weight[k] === 1) {
        sampled += 1;
        const history = split.trainHistory;
        // Sampled negatives avoid the user's training history (positives, seen, disliked, skipped).
        if (history.has(examples.user[k]!, examples.item[k]!)) {
          const isHard = Array.from(split.hardNegatives.user).some((u, j) => u === examples.user[k] && split.hardNegatives.item[j] === examples.item[k]);
          expect(isHard).toBe(true);
        }
      }
    }
    expect(sampled).toBe(split.positives.length * 3 + split.hardNegatives.length);
    expect(Array.from(examples.weight).filter((w) => w === params.weakNegativeWeight)).toHaveLength(split.weakNegatives.length);
  });

  it('is deterministic for a seed and differs across epochs', () => {
    const split = smallSplit();
    const sampler = new NegativeSampler(new Float64Array(split.numItems), 0);
    const a = buildEpochExamples(split, DEFAULT_NCF_PARAMS, createSeededRandom(5), sampler);
    const b = buildEpochExamples(split, DEFAULT_NCF_PARAMS, createSeededRandom(5), sampler);
    expect(Array.from(a.item)).toEqual(Array.from(b.item));
    const random = createSeededRandom(5);
    const first = buildEpochExamples(split, DEFAULT_NCF_PARAMS, random, sampler);
    const second = buildEpochExamples(split, DEFAULT_NCF_PARAMS, random, sampler);
    expect(Array.from(first.item)).not.toEqual(Array.from(second.item));
  });

  it('weights positives by confidence when asked', () => {
    const split = smallSplit();
    const examples = buildEpochExamples(split, { ...DEFAULT_NCF_PARAMS, confidenceWeight: 1, negatives: 0, hardNegativeWeight: 0, weakNegativeWeight: 0 }, createSeededRandom(1), new NegativeSampler(new Float64Array(split.numItems), 0));
    const weights = new Set(Array.from(examples.weight, (w) => w.toFixed(3)));
    expect(weights.size).toBeGreaterThan(3);
  });
});

describe('NegativeSampler', () => {
  it('draws uniformly with alpha 0 and by popularity otherwise', () => {
    const counts = Float64Array.of(0, 0, 0, 99);
    const random = createSeededRandom(2);
    const uniform = new NegativeSampler(counts, 0);
    const popular = new NegativeSampler(counts, 1);
    const drawn = (sampler: NegativeSampler) => {
      const histogram = [0, 0, 0, 0];
      for (let k = 0; k < 10_000; k++) histogram[sampler.draw(random)]! += 1;
      return histogram;
    };
    for (const count of drawn(uniform)) expect(Math.abs(count - 2500)).toBeLessThan(200);
    // (99 + 1) / (1 + 1 + 1 + 100) ≈ 97%
    expect(drawn(popular)[3]).toBeGreaterThan(9500);
  });
});
