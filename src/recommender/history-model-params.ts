/**
 * Hyperparameters of the item-history model (see {@link trainHistoryModel}): a denoising autoencoder over a user's
 * history (Mult-DAE, Liang et al. 2018) with a learned item-pair term (the "wide" part of Wide & Deep, Cheng et al.
 * 2016), trained with a softmax over every item.
 *
 * ```ts
 * const params: HistoryModelParams = { ...DEFAULT_HISTORY_MODEL_PARAMS, epochs: 5 };
 * ```
 */
export interface HistoryModelParams {
  /** Width of the item input embeddings, the hidden (tanh) layer and the item output vectors. */
  readonly dim: number;
  readonly epochs: number;
  /** Users per step. */
  readonly batchSize: number;
  /** Adam learning rate. */
  readonly learningRate: number;
  /** The learning rate is multiplied by this after every epoch (1: constant). */
  readonly learningRateDecay: number;
  /** Share of a user's history items hidden from the input on each step (the model must predict them back). */
  readonly inputDropout: number;
  /** Sums over `n` history items are scaled by `n^−historyAlpha` (0.5: as an L2-normalised multi-hot input). */
  readonly historyAlpha: number;
  /**
   * From this epoch on, the weights of each epoch's end are averaged, and the average is the trained model
   * (stochastic weight averaging, Izmailov et al. 2018); 0 or more than `epochs`: the last epoch's weights.
   */
  readonly averageFrom: number;
  /** The item-pair weights start at this multiple of the pair's cosine similarity (0: at zero)... */
  readonly pairInitScale: number;
  /**
   * ...except the pairs among the `easeMaxItems` most popular items with at least `easeMinUsers` users, which start
   * at `easeScale` × the closed-form linear item-item weights (EASE, L2 `easeLambda`; see `easeWeights`). 0: none.
   */
  readonly easeMaxItems: number;
  readonly easeMinUsers: number;
  readonly easeLambda: number;
  readonly easeScale: number;
  /** Seed of initialisation, dropout and shuffling. */
  readonly seed: number;
}

/** Defaults measured on Last.fm 2K (see BENCHMARKS.md "Last.fm full ranking"). */
export const DEFAULT_HISTORY_MODEL_PARAMS: HistoryModelParams = Object.freeze({
  dim: 128,
  epochs: 35,
  batchSize: 256,
  learningRate: 0.003,
  learningRateDecay: 1,
  inputDropout: 0.5,
  historyAlpha: 0.5,
  averageFrom: 20,
  pairInitScale: 2,
  easeMaxItems: 2000,
  easeMinUsers: 10,
  easeLambda: 100,
  easeScale: 20,
  seed: 42,
});
