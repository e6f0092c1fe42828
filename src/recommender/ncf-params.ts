/**
 * Every hyperparameter of the NCF (NeuMF) model and its training, in one typed object. The
 * defaults are the ones `npm run evaluate` reports (see BENCHMARKS.md "Recommender").
 *
 * ```ts
 * const params: NcfParams = { ...DEFAULT_NCF_PARAMS, epochs: 5 };
 * const { model } = await trainNcf(split, params);
 * ```
 */
export interface NcfParams {
  /** Size of the GMF user/item embeddings. */
  readonly gmfDim: number;
  /** Size of the MLP user/item embeddings (the MLP input is twice this). */
  readonly mlpDim: number;
  /** Hidden layer widths of the MLP tower (ReLU). */
  readonly mlpLayers: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  /**
   * Training objective. `bce`: binary cross-entropy on every (positive or negative) example,
   * as in He et al. `softmax`: sampled softmax, each positive against its own sampled
   * negatives (cross-entropy of the positive among its group's logits), a listwise loss that
   * optimises the ranking directly; disliked/skipped/seen examples keep the BCE term.
   */
  readonly loss: 'bce' | 'softmax';
  /** Adam learning rate. */
  readonly learningRate: number;
  /** The learning rate is multiplied by this after every epoch (1: constant). */
  readonly learningRateDecay: number;
  /** Sampled negatives per positive, resampled every epoch. */
  readonly negatives: number;
  /**
   * Negative sampling distribution ∝ popularity^alpha (0 = uniform, as in the paper). Sampling
   * popular items more often teaches the model to rank below popular items the user skipped.
   */
  readonly negativePopularityAlpha: number;
  /** L2 penalty on the embedding rows of each batch (scaled per example). */
  readonly l2Embedding: number;
  /**
   * L2 penalty on the whole embedding tables every step (Keras' `embeddings_regularizer`, as in
   * the NCF reference code): shrinks rarely seen users and items too, unlike `l2Embedding`.
   */
  readonly l2EmbeddingTables: number;
  /** L2 penalty on the dense kernels. */
  readonly l2Dense: number;
  /**
   * Weight of a positive = 1 + confidenceWeight × (confidence − 1), floored at `minPositiveWeight`:
   * 0 trains every positive alike; 1 uses the implicit confidence (log plays, watched fraction).
   */
  readonly confidenceWeight: number;
  readonly minPositiveWeight: number;
  /**
   * Label and weight of "seen" pairs (consumed, not liked, e.g. low ratings) as extra training
   * examples: weight 0 leaves them out. A low rating still says the user picked the item.
   */
  readonly seenLabel: number;
  readonly seenWeight: number;
  /** Weight of disliked pairs, trained with label 0 every epoch. */
  readonly hardNegativeWeight: number;
  /** Weight of skipped pairs, trained with label 0 every epoch. */
  readonly weakNegativeWeight: number;
  /** Seed of initialisation, sampling and shuffling. */
  readonly seed: number;
}

/** Defaults that pass the MovieLens 100K and Last.fm 2K bars (see BENCHMARKS.md). */
export const DEFAULT_NCF_PARAMS: NcfParams = Object.freeze({
  gmfDim: 32,
  mlpDim: 32,
  mlpLayers: Object.freeze([64, 32, 16]),
  epochs: 20,
  batchSize: 4096,
  loss: 'bce',
  learningRate: 0.002,
  learningRateDecay: 1,
  negatives: 4,
  negativePopularityAlpha: 0,
  l2Embedding: 1e-5,
  l2EmbeddingTables: 0,
  l2Dense: 0,
  confidenceWeight: 0,
  minPositiveWeight: 0.5,
  seenLabel: 1,
  seenWeight: 0,
  hardNegativeWeight: 1,
  weakNegativeWeight: 0.5,
  seed: 42,
});
