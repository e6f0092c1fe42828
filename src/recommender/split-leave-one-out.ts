import type { DatasetSplit, TrainingPairs } from './dataset-split.ts';
import { INTERACTION_LABEL } from './interaction-label.ts';
import type { RecommenderDataset } from './recommender-dataset.ts';
import { createSeededRandom } from './seeded-random.ts';
import { UserItemIndex } from './user-item-index.ts';

/**
 * Holds out one positive per user as the test item: the latest one (by `occurred_at`, ties by
 * event id) when the dataset has real timestamps, otherwise one drawn at random with `seed`.
 * Users with fewer than two positives keep everything for training. Deterministic.
 *
 * ```ts
 * const split = splitLeaveOneOut(dataset, { seed: 42 });
 * const auto = splitLeaveOneOut(dataset); // seed 42, strategy from dataset.hasTimestamps
 * ```
 */
export function splitLeaveOneOut(
  dataset: RecommenderDataset,
  options: { seed?: number; strategy?: 'latest' | 'random' } = {},
): DatasetSplit {
  const seed = options.seed ?? 42;
  const strategy = options.strategy ?? (dataset.hasTimestamps ? 'latest' : 'random');
  const numUsers = dataset.userIds.length;
  const numItems = dataset.itemIds.length;
  const { user, item, label, confidence, lastAt, lastEventId, length } = dataset.interactions;

  const slotsByUser: number[][] = Array.from({ length: numUsers }, () => []);
  for (let k = 0; k < length; k++) if (label[k] === INTERACTION_LABEL.positive) slotsByUser[user[k]!]!.push(k);

  const random = createSeededRandom(seed);
  const testItem = new Int32Array(numUsers).fill(-1);
  const heldOut = new Uint8Array(length);
  for (let u = 0; u < numUsers; u++) {
    const slots = slotsByUser[u]!;
    if (slots.length < 2) continue;
    let chosen = slots[0]!;
    if (strategy === 'random') {
      chosen = slots[random.int(slots.length)]!;
    } else {
      for (const k of slots) {
        if (lastAt[k]! > lastAt[chosen]! || (lastAt[k] === lastAt[chosen] && lastEventId[k]! > lastEventId[chosen]!)) chosen = k;
      }
    }
    heldOut[chosen] = 1;
    testItem[u] = item[chosen]!;
  }

  const pick = (keep: (k: number) => boolean): TrainingPairs => {
    const slots: number[] = [];
    for (let k = 0; k < length; k++) if (keep(k)) slots.push(k);
    return {
      length: slots.length,
      user: Int32Array.from(slots, (k) => user[k]!),
      item: Int32Array.from(slots, (k) => item[k]!),
      confidence: Float32Array.from(slots, (k) => confidence[k]!),
    };
  };
  const positives = pick((k) => label[k] === INTERACTION_LABEL.positive && heldOut[k] === 0);
  const seen = pick((k) => label[k] === INTERACTION_LABEL.seen);
  const weakNegatives = pick((k) => label[k] === INTERACTION_LABEL.weakNegative);
  const hardNegatives = pick((k) => label[k] === INTERACTION_LABEL.hardNegative);
  const trainSlots = pick((k) => heldOut[k] === 0);

  return {
    numUsers,
    numItems,
    positives,
    seen,
    weakNegatives,
    hardNegatives,
    testItem,
    trainHistory: UserItemIndex.from(numUsers, trainSlots.user, trainSlots.item),
    touched: UserItemIndex.from(numUsers, user, item),
    strategy,
    seed,
  };
}
