import type { DatasetSplit } from './dataset-split.ts';
import { historyPairTerms, scoreHistory, scoreHistoryItems, type HistoryModelWeights, type HistoryPairTerms } from './history-model.ts';
import type { RankingScorer } from './ranking-scorer.ts';
import { positivesByUser } from './positives-by-user.ts';
import type { UserItemIndex } from './user-item-index.ts';

/**
 * Scores users with an item-history model, each from its training positives in `split` (a {@link RankingScorer} for
 * `evaluate`): against the whole catalog, or only their sampled candidates. Typed arrays only: nothing to dispose.
 * `histories` saves rebuilding {@link positivesByUser} when the caller has it; `pairTerms` keeps each user's
 * {@link HistoryPairTerms} for scorers of models that share the pair structure (a trainer's epochs).
 *
 * ```ts
 * const metrics = await evaluate(historyModelScorer(trained.weights, split), split);
 * ```
 */
export function historyModelScorer(
  weights: HistoryModelWeights,
  split: DatasetSplit,
  histories: UserItemIndex = positivesByUser(split),
  pairTerms: Map<number, HistoryPairTerms> = new Map(),
): RankingScorer {
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
        const user = users[start]!;
        let end = start + 1;
        while (end < users.length && users[end] === user) end++;
        const runItems = items.subarray(start, end);
        let terms = pairTerms.get(user);
        if (terms === undefined || !sameItems(terms.items, runItems)) {
          terms = historyPairTerms(weights, histories.itemsOf(user), runItems);
          pairTerms.set(user, terms);
        }
        scoreHistoryItems(weights, histories.itemsOf(user), runItems, out.subarray(start, end), terms);
        start = end;
      }
      return out;
    },
  };
}

function sameItems(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
