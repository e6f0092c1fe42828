import { initTensorFlow } from '../ml/init-tensorflow.ts';
import type { DatasetSplit } from './dataset-split.ts';
import { historyModelScorer } from './history-model-scorer.ts';
import { NcfScorer } from './ncf-scorer.ts';
import type { RankingScorer } from './ranking-scorer.ts';
import type { TrainedHistoryModel } from './train-history-model.ts';
import type { TrainedNcf } from './trained-ncf.ts';

/** A freshly trained model of either kind (NCF holds a network to dispose; the history model only typed arrays). */
export type TrainedRecommender = TrainedNcf | TrainedHistoryModel;

export function isTrainedNcf(trained: TrainedRecommender): trained is TrainedNcf {
  return 'model' in trained;
}

/** Frees what a trained model holds (the NCF network); idempotent for the history model. */
export function disposeTrained(trained: TrainedRecommender): void {
  if (isTrainedNcf(trained)) trained.model.dispose();
}

/**
 * Runs `use` with the evaluation scorer of a freshly trained model of either kind (for `evaluate`), freeing the
 * scorer's tensors afterwards.
 *
 * ```ts
 * const metrics = await withTrainedScorer(trained, split, (scorer) => evaluateScorer(scorer, split));
 * ```
 */
export async function withTrainedScorer<T>(trained: TrainedRecommender, split: DatasetSplit, use: (scorer: RankingScorer) => Promise<T>): Promise<T> {
  if (!isTrainedNcf(trained)) return use(historyModelScorer(trained.weights, split));
  const scorer = new NcfScorer((await initTensorFlow()).tf, trained.model);
  try {
    return await use(scorer);
  } finally {
    scorer.dispose();
  }
}
