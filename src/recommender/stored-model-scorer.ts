import type { DatasetSplit } from './dataset-split.ts';
import type { RankingScorer } from './ranking-scorer.ts';
import type { RecommenderDataset } from './recommender-dataset.ts';
import type { RecommenderModel } from './recommender-model.ts';
import { positivesByUser } from './positives-by-user.ts';

const UNKNOWN_ITEM_SCORE = -1e9;

/**
 * Scores this split's users and items with a model trained on an older snapshot (the active model, before a swap):
 * ids are mapped through the old model's id maps, each user's training positives are its history; users the old
 * model cannot serve get its popularity ranking (what serving would show them), items it never saw rank last.
 *
 * ```ts
 * const metrics = await evaluate(storedModelScorer(active, dataset, split), split);
 * ```
 */
export function storedModelScorer(stored: RecommenderModel, dataset: RecommenderDataset, split: DatasetSplit): RankingScorer {
  const userMap = Int32Array.from(dataset.userIds, (id) => stored.userIndexOf(id) ?? -1);
  const itemMap = Int32Array.from(dataset.itemIds, (id) => stored.itemIndexOf(id) ?? -1);
  const histories = positivesByUser(split);
  const popularity = stored.meta.itemPopularity;
  const numItems = dataset.itemIds.length;
  const storedItems = stored.meta.itemIds.length;
  return {
    scoreUsers(users) {
      const positives = Array.from(users, (u) => histories.itemsOf(u).map((i) => itemMap[i]!).filter((i) => i >= 0));
      const served = Array.from(users, (u, r) => stored.ranker.serves(userMap[u]!, positives[r]!));
      const servedRows = users.filter((_, r) => served[r]);
      const rows = stored.ranker.scoreUsers(Int32Array.from(servedRows, (u) => userMap[u]!), positives.filter((_, r) => served[r]));
      const out = new Float32Array(users.length * numItems);
      for (let r = 0, s = 0; r < users.length; r++) {
        const row = served[r] ? rows.subarray(s * storedItems, ++s * storedItems) : null;
        for (let j = 0; j < numItems; j++) {
          const i = itemMap[j]!;
          out[r * numItems + j] = i < 0 ? UNKNOWN_ITEM_SCORE : row ? row[i]! : popularity[i]!;
        }
      }
      return out;
    },
  };
}
