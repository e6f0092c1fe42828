import type { DatasetSplit } from './dataset-split.ts';
import { scoreHistory, scoreHistoryItems, type HistoryModelWeights } from './history-model.ts';
import type { RankingScorer } from './ranking-scorer.ts';
import { positivesByUser } from './positives-by-user.ts';
import type { UserItemIndex } from './user-item-index.ts';

/**
 * Scores users with an item-history model, each from its training positives in `split` (a {@link RankingScorer} for
 * `evaluate`): against the whole catalog, or only their sampled candidates. Typed arrays only: nothing to dispose.
 * `histories` saves rebuilding {@link positivesByUser} when the caller has it.
 *
 * ```ts
 * const metrics = await evaluate(historyModelScorer(trained.weights, split), split);
 * ```
 */
export function historyModelScorer(weights: HistoryModelWeights, split: DatasetSplit, histories: UserItemIndex = positivesByUser(split)): RankingScorer {
  return {
    scoreUsers(users) {
      const out = new Float32Array(users.length * weights.numItems);
      users.forEach((user, row) => scoreHistory(weights, histories.itemsOf(user), out.subarray(row * weights.numItems, (row + 1) * weights.numItems)));
      return out;
    },
    scorePairs(users, items) {
      const out = new Float32Array(users.length);
      // evaluate passes each user's candidates as one run of pairs: score each run in one call.
      for (let start = 0; start < users.length; ) {
        let end = start + 1;
        while (end < users.length && users[end] === users[start]) end++;
        scoreHistoryItems(weights, histories.itemsOf(users[start]!), items.subarray(start, end), out.subarray(start, end));
        start = end;
      }
      return out;
    },
  };
}
