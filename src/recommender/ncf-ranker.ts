import type { tf as TfNamespace } from '../ml/tf.ts';
import { ncfLogits } from './ncf-logits.ts';
import { NcfScorer } from './ncf-scorer.ts';
import { ncfWeights } from './ncf-weights-of.ts';
import type { NcfWeights } from './ncf-weights.ts';
import type { Ranker, RankedItems } from './ranker.ts';
import { ServingIndex } from './serving-index.ts';
import { servingVectorsOf } from './serving-vectors-of.ts';
import { topK } from './top-k.ts';

/**
 * Serving with an NCF network, in two stages as in TensorFlow Recommenders: retrieval (the GMF dot product over
 * every item, typed arrays) then ranking (the full NeuMF network on the retrieved candidates in one batched forward
 * pass inside `tf.tidy`, so nothing leaks). Serves the users it was trained on; sessions are seeded from the mean
 * item embedding. Owns the network: `dispose()` frees it.
 *
 * ```ts
 * const ranker = new NcfRanker(tf, await modelFromBytes(payload));
 * const { items, scores } = ranker.rank(userIndex, positives, 300, (i) => seen.has(i));
 * ```
 */
export class NcfRanker implements Ranker {
  readonly #tf: typeof TfNamespace;
  readonly #network: TfNamespace.LayersModel;
  readonly #weights: NcfWeights;
  readonly #index: ServingIndex;

  constructor(tf: typeof TfNamespace, network: TfNamespace.LayersModel) {
    this.#tf = tf;
    this.#network = network;
    this.#weights = ncfWeights(network);
    this.#index = new ServingIndex(servingVectorsOf(this.#weights));
  }

  get numUsers(): number {
    return this.#index.numUsers;
  }

  /** The network (owned by this ranker). */
  get network(): TfNamespace.LayersModel {
    return this.#network;
  }

  get similarity(): ServingIndex {
    return this.#index;
  }

  serves(user: number): boolean {
    return user >= 0 && user < this.#index.numUsers;
  }

  rank(user: number, _positives: Int32Array, depth: number, skip: (item: number) => boolean): RankedItems {
    const candidates = this.#index.retrieve(user, depth, skip);
    if (candidates.length === 0) return { items: candidates, scores: new Float32Array(0) };
    const tf = this.#tf;
    const probabilities = tf.tidy(() => {
      const users = tf.fill([candidates.length], user, 'int32') as TfNamespace.Tensor1D;
      return tf.sigmoid(ncfLogits(tf, this.#weights, users, tf.tensor1d(candidates, 'int32')));
    });
    const scores = probabilities.dataSync() as Float32Array;
    probabilities.dispose();
    const order = topK(scores, candidates.length);
    return { items: Int32Array.from(order, (k) => candidates[k]!), scores: Float32Array.from(order, (k) => scores[k]!) };
  }

  session(history: Int32Array, limit: number, skip: (item: number) => boolean): RankedItems {
    return this.#index.session(history, limit, skip);
  }

  scoreUsers(users: Int32Array): Float32Array {
    const scorer = new NcfScorer(this.#tf, this.#network);
    try {
      return scorer.scoreUsers(users);
    } finally {
      scorer.dispose();
    }
  }

  warm(): void {
    if (this.#index.numUsers > 0) this.rank(0, new Int32Array(0), 8, () => false);
  }

  dispose(): void {
    this.#network.dispose();
  }
}
