import { initTensorFlow } from '../ml/init-tensorflow.ts';
import type { tf } from '../ml/tf.ts';
import type { DatasetSplit } from './dataset-split.ts';
import type { EvaluateOptions } from './evaluate-options.ts';
import { evaluate } from './evaluate.ts';
import { itemPopularityScorer } from './item-popularity-scorer.ts';
import { NcfScorer } from './ncf-scorer.ts';
import type { RankingMetrics } from './ranking-metrics.ts';
import type { RankingScorer } from './ranking-scorer.ts';
import { sampleEvaluationCandidates } from './sample-evaluation-candidates.ts';

/**
 * Evaluates an NCF network and the ItemPop baseline on the same split with the same sampled
 * candidates (the report `npm run evaluate` prints and the retrain gate compares). The network
 * may be a freshly trained one or `RecommenderModel.network` of a stored one, as long as its
 * indexes match the split's (same dataset).
 *
 * ```ts
 * const { model, itemPop } = await evaluateModel(trained.model, split);
 * console.log(model['hr@10'], itemPop['hr@10']);
 * ```
 */
export async function evaluateModel(
  network: tf.LayersModel,
  split: DatasetSplit,
  options: Omit<EvaluateOptions, 'candidates'> = {},
): Promise<{ model: RankingMetrics; itemPop: RankingMetrics }> {
  const { tf } = await initTensorFlow();
  const scorer = new NcfScorer(tf, network);
  try {
    return await evaluateScorer(scorer, split, options);
  } finally {
    scorer.dispose();
  }
}

/** {@link evaluateModel} for any scorer (e.g. `historyModelScorer`): it and ItemPop on the same sampled candidates. */
export async function evaluateScorer(
  scorer: RankingScorer,
  split: DatasetSplit,
  options: Omit<EvaluateOptions, 'candidates'> = {},
): Promise<{ model: RankingMetrics; itemPop: RankingMetrics }> {
  const candidates = sampleEvaluationCandidates(split, {
    seed: options.seed ?? 2017,
    count: options.negatives ?? 99,
    ...(options.users ? { users: options.users } : {}),
  });
  const shared = { ...options, candidates };
  const itemPop = await evaluate(itemPopularityScorer(split), split, shared);
  return { model: await evaluate(scorer, split, shared), itemPop };
}
