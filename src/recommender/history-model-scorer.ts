import type { DatasetSplit } from './dataset-split.ts';
import { scoreHistory, type HistoryModelWeights } from './history-model.ts';
import type { RankingScorer } from './ranking-scorer.ts';
import { UserItemIndex } from './user-item-index.ts';

/**
 * Scores users against the whole catalog with an item-history model, each from its training positives in `split`
 * (a {@link RankingScorer} for `evaluate`). Typed arrays only: nothing to dispose.
 *
 * ```ts
 * const metrics = await evaluate(historyModelScorer(trained.weights, split), split);
 * ```
 */
export function historyModelScorer(weights: HistoryModelWeights, split: DatasetSplit): RankingScorer {
  const histories = UserItemIndex.from(split.numUsers, split.positives.user, split.positives.item);
  return {
    scoreUsers(users) {
      const out = new Float32Array(users.length * weights.numItems);
      users.forEach((user, row) => scoreHistory(weights, histories.itemsOf(user), out.subarray(row * weights.numItems, (row + 1) * weights.numItems)));
      return out;
    },
  };
}
