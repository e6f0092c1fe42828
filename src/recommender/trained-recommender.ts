import type { TrainedHistoryModel } from './train-history-model.ts';
import type { TrainedNcf } from './trained-ncf.ts';

/** A freshly trained model of either kind (NCF holds a network to dispose; the history model only typed arrays). */
export type TrainedRecommender = TrainedNcf | TrainedHistoryModel;

export function isTrainedNcf(trained: TrainedRecommender): trained is TrainedNcf {
  return 'model' in trained;
}
