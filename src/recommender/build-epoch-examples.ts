import type { DatasetSplit } from './dataset-split.ts';
import type { NcfParams } from './ncf-params.ts';
import type { NegativeSampler } from './negative-sampler.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { TrainingExamples } from './training-examples.ts';

const MAX_TRIES = 50;

/**
 * One epoch's examples, shuffled: every training positive (label 1, weight from its implicit
 * confidence), `params.negatives` sampled negatives per positive (label 0; items outside the
 * user's training history, drawn by `sampler`, resampled every call), plus the split's
 * hard/weak negatives and seen pairs at their weights (weight 0 leaves a group out). Pure.
 *
 * ```ts
 * const random = createSeededRandom(params.seed);
 * const sampler = new NegativeSampler(itemCounts, params.negativePopularityAlpha);
 * for (let epoch = 0; epoch < params.epochs; epoch++) {
 *   const examples = buildEpochExamples(split, params, random, sampler);
 * }
 * ```
 */
export function buildEpochExamples(
  split: DatasetSplit,
  params: NcfParams,
  random: SeededRandom,
  sampler: NegativeSampler,
): TrainingExamples {
  const { positives, seen, hardNegatives, weakNegatives, trainHistory } = split;
  const groups = [
    { pairs: seen, label: params.seenLabel, weight: params.seenWeight },
    { pairs: hardNegatives, label: 0, weight: params.hardNegativeWeight },
    { pairs: weakNegatives, label: 0, weight: params.weakNegativeWeight },
  ].filter((group) => group.weight > 0 && group.pairs.length > 0);
  const length = positives.length * (1 + params.negatives) + groups.reduce((sum, group) => sum + group.pairs.length, 0);
  const user = new Int32Array(length);
  const item = new Int32Array(length);
  const label = new Float32Array(length);
  const weight = new Float32Array(length);
  let k = 0;
  for (let p = 0; p < positives.length; p++) {
    const u = positives.user[p]!;
    user[k] = u;
    item[k] = positives.item[p]!;
    label[k] = 1;
    weight[k] = Math.max(params.minPositiveWeight, 1 + params.confidenceWeight * (positives.confidence[p]! - 1));
    k++;
    for (let n = 0; n < params.negatives; n++) {
      let candidate = sampler.draw(random);
      for (let tries = 0; tries < MAX_TRIES && trainHistory.has(u, candidate); tries++) candidate = sampler.draw(random);
      user[k] = u;
      item[k] = candidate;
      label[k] = 0;
      weight[k] = 1;
      k++;
    }
  }
  for (const group of groups) {
    for (let p = 0; p < group.pairs.length; p++) {
      user[k] = group.pairs.user[p]!;
      item[k] = group.pairs.item[p]!;
      label[k] = group.label;
      weight[k] = group.weight;
      k++;
    }
  }
  for (let i = length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    let t = user[i]!; user[i] = user[j]!; user[j] = t;
    t = item[i]!; item[i] = item[j]!; item[j] = t;
    let f = label[i]!; label[i] = label[j]!; label[j] = f;
    f = weight[i]!; weight[i] = weight[j]!; weight[j] = f;
  }
  return { length, user, item, label, weight };
}
