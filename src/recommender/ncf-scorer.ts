import type { tf as TfNamespace } from '../ml/tf.ts';
import { ncfLogits } from './ncf-logits.ts';
import { ncfWeights } from './ncf-weights-of.ts';
import type { NcfWeights } from './ncf-weights.ts';
import type { RankingScorer } from './ranking-scorer.ts';

const PAIR_BATCH = 65_536;
const CELL_BUDGET = 4_000_000;

/**
 * Scores users against the whole catalog with an NCF model, for evaluation (a
 * {@link RankingScorer}). Full rows reuse the item half of the first MLP layer, computed once
 * (`itemMlp · W1[item rows] + b1`), so each (user, item) cell costs only the rest of the
 * tower; scores are logits. Holds that one precomputed tensor: call `dispose()` when done.
 *
 * ```ts
 * const scorer = new NcfScorer(tf, model);
 * try {
 *   const metrics = await evaluate(scorer, split);
 * } finally {
 *   scorer.dispose();
 * }
 * ```
 */
export class NcfScorer implements RankingScorer {
  readonly #tf: typeof TfNamespace;
  readonly #weights: NcfWeights;
  readonly #itemFirstLayer: TfNamespace.Tensor2D | null;
  readonly #numItems: number;

  constructor(tf: typeof TfNamespace, model: TfNamespace.LayersModel) {
    this.#tf = tf;
    this.#weights = ncfWeights(model);
    this.#numItems = this.#weights.itemGmf.shape[0];
    const first = this.#weights.hidden[0];
    const mlpDim = this.#weights.userMlp.shape[1];
    this.#itemFirstLayer =
      first === undefined
        ? null
        : tf.tidy(() =>
            tf.add(tf.matMul(this.#weights.itemMlp, tf.slice(first.kernel, [mlpDim, 0], [mlpDim, -1])), first.bias),
          );
  }

  scorePairs(users: Int32Array, items: Int32Array): Float32Array {
    const tf = this.#tf;
    const out = new Float32Array(users.length);
    for (let start = 0; start < users.length; start += PAIR_BATCH) {
      const end = Math.min(users.length, start + PAIR_BATCH);
      const logits = tf.tidy(() =>
        ncfLogits(tf, this.#weights, tf.tensor1d(users.subarray(start, end), 'int32'), tf.tensor1d(items.subarray(start, end), 'int32')),
      );
      out.set(logits.dataSync() as Float32Array, start);
      logits.dispose();
    }
    return out;
  }

  scoreUsers(users: Int32Array): Float32Array {
    const tf = this.#tf;
    const numItems = this.#numItems;
    const out = new Float32Array(users.length * numItems);
    const width = this.#itemFirstLayer?.shape[1] ?? 1;
    const step = Math.max(1, Math.floor(CELL_BUDGET / (numItems * width)));
    for (let start = 0; start < users.length; start += step) {
      const chunk = users.subarray(start, Math.min(users.length, start + step));
      const scores = tf.tidy(() => this.#scoreChunk(tf.tensor1d(chunk, 'int32')));
      out.set(scores.dataSync() as Float32Array, start * numItems);
      scores.dispose();
    }
    return out;
  }

  dispose(): void {
    this.#itemFirstLayer?.dispose();
  }

  /** `[users, numItems]` logits. */
  #scoreChunk(users: TfNamespace.Tensor1D): TfNamespace.Tensor2D {
    const tf = this.#tf;
    const w = this.#weights;
    const gmfDim = w.userGmf.shape[1];
    const count = users.shape[0];
    const outGmf = tf.slice(w.output.kernel, [0, 0], [gmfDim, 1]);
    const outTower = tf.slice(w.output.kernel, [gmfDim, 0], [-1, 1]);
    // GMF part: (userGmf ⊙ h_gmf) · itemGmfᵀ.
    const query = tf.mul(tf.gather(w.userGmf, users), tf.reshape(outGmf, [1, gmfDim]));
    const gmf = tf.matMul(query, w.itemGmf, false, true);
    let tower: TfNamespace.Tensor2D;
    const first = w.hidden[0];
    if (first === undefined || this.#itemFirstLayer === null) {
      const mlpDim = w.userMlp.shape[1];
      const userPart = tf.tile(tf.expandDims(tf.gather(w.userMlp, users), 1), [1, this.#numItems, 1]);
      const itemPart = tf.tile(tf.expandDims(w.itemMlp, 0), [count, 1, 1]);
      tower = tf.reshape(tf.concat([userPart, itemPart], 2), [-1, 2 * mlpDim]);
    } else {
      const mlpDim = w.userMlp.shape[1];
      const userPart = tf.matMul(tf.gather(w.userMlp, users), tf.slice(first.kernel, [0, 0], [mlpDim, -1]));
      const width = first.kernel.shape[1];
      tower = tf.reshape(
        tf.relu(tf.add(tf.expandDims(userPart, 1), tf.expandDims(this.#itemFirstLayer, 0))),
        [-1, width],
      );
      for (const layer of w.hidden.slice(1)) tower = tf.relu(tf.add(tf.matMul(tower, layer.kernel), layer.bias));
    }
    const mlp = tf.reshape(tf.matMul(tower, outTower), [count, this.#numItems]);
    return tf.add(tf.add(gmf, mlp), w.output.bias);
  }
}
