import type { DatasetSplit } from './dataset-split.ts';
import type { EvaluateOptions } from './evaluate-options.ts';
import type { EvaluationCandidates } from './evaluation-candidates.ts';
import { rankOfTarget } from './rank-of-target.ts';
import { rankingGain } from './ranking-gain.ts';
import type { RankingMetrics } from './ranking-metrics.ts';
import type { RankingScorer } from './ranking-scorer.ts';
import { sampleEvaluationCandidates } from './sample-evaluation-candidates.ts';

/**
 * Offline evaluation of any {@link RankingScorer} on a leave-one-out split, the same code for
 * `npm run evaluate` and retraining gates:
 * - NCF protocol (He et al. 2017): the held-out item against `negatives` (99) sampled items the
 *   user never touched, seeded → HR@10, NDCG@10.
 * - Full ranking: the held-out item against every item outside the user's training history →
 *   HR@10, NDCG@10, Recall@20 (one relevant item, so Recall@20 = HR@20).
 * Ties count half (see {@link rankOfTarget}).
 *
 * ```ts
 * const split = splitLeaveOneOut(dataset);
 * const pop = await evaluate(itemPopularityScorer(split), split);
 * const scorer = new NcfScorer(tf, trained.model);
 * const ncf = await evaluate(scorer, split);
 * scorer.dispose();
 * console.log(pop['hr@10'], ncf['hr@10'], ncf['full_hr@10']);
 * ```
 */
export async function evaluate(scorer: RankingScorer, split: DatasetSplit, options: EvaluateOptions = {}): Promise<RankingMetrics> {
  const sampled =
    options.candidates ??
    sampleEvaluationCandidates(split, {
      seed: options.seed ?? 2017,
      count: options.negatives ?? 99,
      ...(options.users ? { users: options.users } : {}),
    });
  const users = options.users ?? sampled.users;
  const rowOf = new Map<number, number>();
  sampled.users.forEach((user, row) => rowOf.set(user, row));
  const full = options.full ?? true;
  const batchSize = options.batchSize ?? 128;
  const numItems = split.numItems;
  const excluded = new Uint8Array(numItems);
  let hr10 = 0;
  let ndcg10 = 0;
  let fullHr10 = 0;
  let fullNdcg10 = 0;
  let recall20 = 0;
  let evaluated = 0;

  if (!full && scorer.scorePairs) {
    return evaluateSampledPairs(scorer, split, users, sampled, rowOf);
  }
  for (let start = 0; start < users.length; start += batchSize) {
    const batch = users.subarray(start, Math.min(users.length, start + batchSize));
    const scores = await scorer.scoreUsers(batch);
    if (scores.length !== batch.length * numItems) {
      throw new Error(`scorer returned ${scores.length} scores for ${batch.length} users × ${numItems} items`);
    }
    for (let r = 0; r < batch.length; r++) {
      const user = batch[r]!;
      const target = split.testItem[user]!;
      if (target < 0) continue;
      const row = scores.subarray(r * numItems, (r + 1) * numItems);
      const targetScore = row[target]!;
      const candidateRow = rowOf.get(user);
      if (candidateRow === undefined) throw new Error(`no evaluation candidates for user ${user}`);
      const candidates = sampled.candidates.subarray(candidateRow * sampled.perUser, (candidateRow + 1) * sampled.perUser);
      const sampledGain = rankingGain(rankOfTarget(targetScore, row, candidates), 10);
      hr10 += sampledGain.hit;
      ndcg10 += sampledGain.ndcg;
      if (full) {
        const history = split.trainHistory.itemsOf(user);
        for (const item of history) excluded[item] = 1;
        let higher = 0;
        let equal = 0;
        for (let i = 0; i < numItems; i++) {
          if (excluded[i] === 1 || i === target) continue;
          const score = row[i]!;
          if (score > targetScore) higher += 1;
          else if (score === targetScore) equal += 1;
        }
        for (const item of history) excluded[item] = 0;
        const rank = higher + equal / 2;
        const fullGain = rankingGain(rank, 10);
        fullHr10 += fullGain.hit;
        fullNdcg10 += fullGain.ndcg;
        recall20 += rankingGain(rank, 20).hit;
      }
      evaluated += 1;
    }
  }
  const mean = (sum: number) => (evaluated === 0 ? 0 : sum / evaluated);
  return {
    'hr@10': mean(hr10),
    'ndcg@10': mean(ndcg10),
    'full_hr@10': full ? mean(fullHr10) : Number.NaN,
    'full_ndcg@10': full ? mean(fullNdcg10) : Number.NaN,
    'recall@20': full ? mean(recall20) : Number.NaN,
    users: evaluated,
  };
}

async function evaluateSampledPairs(
  scorer: RankingScorer,
  split: DatasetSplit,
  users: Int32Array,
  sampled: EvaluationCandidates,
  rowOf: ReadonlyMap<number, number>,
): Promise<RankingMetrics> {
  const width = sampled.perUser + 1;
  const evaluated = Array.from(users).filter((user) => split.testItem[user]! >= 0);
  const pairUsers = new Int32Array(evaluated.length * width);
  const pairItems = new Int32Array(evaluated.length * width);
  evaluated.forEach((user, r) => {
    const candidateRow = rowOf.get(user);
    if (candidateRow === undefined) throw new Error(`no evaluation candidates for user ${user}`);
    pairUsers.fill(user, r * width, (r + 1) * width);
    pairItems[r * width] = split.testItem[user]!;
    const candidates = sampled.candidates.subarray(candidateRow * sampled.perUser, (candidateRow + 1) * sampled.perUser);
    for (let j = 0; j < candidates.length; j++) pairItems[r * width + 1 + j] = Math.max(0, candidates[j]!);
  });
  const scores = await scorer.scorePairs!(pairUsers, pairItems);
  const positions = Int32Array.from({ length: sampled.perUser }, (_, j) => j + 1);
  let hr10 = 0;
  let ndcg10 = 0;
  for (let r = 0; r < evaluated.length; r++) {
    const row = scores.subarray(r * width, (r + 1) * width);
    const gain = rankingGain(rankOfTarget(row[0]!, row, positions), 10);
    hr10 += gain.hit;
    ndcg10 += gain.ndcg;
  }
  const n = evaluated.length;
  return {
    'hr@10': n === 0 ? 0 : hr10 / n,
    'ndcg@10': n === 0 ? 0 : ndcg10 / n,
    'full_hr@10': Number.NaN,
    'full_ndcg@10': Number.NaN,
    'recall@20': Number.NaN,
    users: n,
  };
}
