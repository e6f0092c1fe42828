import type { DatasetSplit } from './dataset-split.ts';
import type { RankingScorer } from './ranking-scorer.ts';

/**
 * The ItemPop baseline: every user gets the same scores, the number of training positives of
 * each item. Evaluate it beside the model under the same split.
 *
 * ```ts
 * const baseline = await evaluate(itemPopularityScorer(split), split);
 * ```
 */
export function itemPopularityScorer(split: DatasetSplit): RankingScorer {
  const counts = new Float32Array(split.numItems);
  for (let k = 0; k < split.positives.length; k++) counts[split.positives.item[k]!]! += 1;
  return {
    scoreUsers(users: Int32Array): Float32Array {
      const scores = new Float32Array(users.length * split.numItems);
      for (let r = 0; r < users.length; r++) scores.set(counts, r * split.numItems);
      return scores;
    },
  };
}
