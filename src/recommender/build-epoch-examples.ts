import type { DatasetSplit } from './dataset-split.ts';
import type { NcfParams } from './ncf-params.ts';
import type { NegativeSampler } from './negative-sampler.ts';
import { shuffleInPlace, type SeededRandom } from './seeded-random.ts';
import type { TrainingExamples } from './training-examples.ts';

const MAX_TRIES = 50;

/**
 * One epoch's examples, shuffled: every training positive (label 1, weight from its implicit
 * confidence), `params.negatives` sampled negatives per positive (label 0; items outside the
 * user's training history, drawn by `sampler`, resampled every call), plus the split's
 * hard/weak negatives and seen pairs at their weights (weight 0 leaves a group out). Pure.
 * With `params.loss === 'softmax'` each positive stays followed by its own negatives (rows
 * `[0, groupedLength)` in groups of `groupSize`, groups shuffled), the other examples after.
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
  const groupedLength = positives.length * (1 + params.negatives);
  if (params.loss === 'softmax') {
    // Keep each positive with its negatives; shuffle whole groups, then the single examples.
    const size = 1 + params.negatives;
    const order = Int32Array.from({ length: positives.length }, (_, g) => g);
    shuffleInPlace(order, random);
    const copy = { user: user.slice(0, groupedLength), item: item.slice(0, groupedLength), label: label.slice(0, groupedLength), weight: weight.slice(0, groupedLength) };
    for (let g = 0; g < order.length; g++) {
      const from = order[g]! * size;
      user.set(copy.user.subarray(from, from + size), g * size);
      item.set(copy.item.subarray(from, from + size), g * size);
      label.set(copy.label.subarray(from, from + size), g * size);
      weight.set(copy.weight.subarray(from, from + size), g * size);
    }
    shuffleRows(user, item, label, weight, groupedLength, length, random);
    return { length, user, item, label, weight, groupSize: size, groupedLength };
  }
  shuffleRows(user, item, label, weight, 0, length, random);
  return { length, user, item, label, weight, groupSize: 1, groupedLength: 0 };
}

/** Fisher-Yates over rows [from, to) of the four columns together. */
function shuffleRows(user: Int32Array, item: Int32Array, label: Float32Array, weight: Float32Array, from: number, to: number, random: SeededRandom): void {
  for (let i = to - 1; i > from; i--) {
    const j = from + random.int(i - from + 1);
    let t = user[i]!; user[i] = user[j]!; user[j] = t;
    t = item[i]!; item[i] = item[j]!; item[j] = t;
    let f = label[i]!; label[i] = label[j]!; label[j] = f;
    f = weight[i]!; weight[i] = weight[j]!; weight[j] = f;
  }
}
