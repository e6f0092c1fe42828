import type { tf as TfNamespace } from '../ml/tf.ts';
import type { ItemPairs } from './item-pairs.ts';

/** One step's rows (users): the kept history items with the row's scale (n^−α of the kept count), and the targets. */
export interface HistoryStepInput {
  readonly rows: number;
  readonly kept: readonly Int32Array[];
  readonly scale: Float32Array;
  /** Per row the items whose softmax probability the loss raises (each counts once). */
  readonly targets: readonly Int32Array[];
}

/**
 * The item-history model's loss as one op of `(base [rows, numItems], itemBias [numItems], pairWeights)`: the mean
 * over rows of the softmax cross-entropy of the row's targets, over the logits
 *
 *   logit[r, i] = base[r, i] + itemBias[i] + scale_r × Σ_{j kept in r} pairWeight(j, i)
 *
 * Forward and gradient are typed-array loops over one `[rows, numItems]` buffer: the pair term is sparse (only
 * co-occurring pairs), and a fused softmax replaces the chain of full-size kernels (add, log-softmax, multiply, sum
 * and their gradients) that dominate a step on wasm.
 *
 * ```ts
 * const loss = historyLossOp(tf, pairs, input, numItems);
 * optimizer.minimize(() => loss(tf.matMul(hidden, itemOutput), itemBias, pairWeights), true, variables);
 * ```
 */
export function historyLossOp(tf: typeof TfNamespace, pairs: Pick<ItemPairs, 'offsets' | 'items'>, input: HistoryStepInput, numItems: number) {
  const { offsets, items } = pairs;
  const { rows, kept, scale, targets } = input;
  return tf.customGrad(((base: TfNamespace.Tensor, bias: TfNamespace.Tensor, weights: TfNamespace.Tensor) => {
    const baseValues = base.dataSync() as Float32Array;
    const biasValues = bias.dataSync() as Float32Array;
    const pairValues = weights.dataSync() as Float32Array;
    // Logits, then (in place) exp(logit − row max); a row's probabilities are those times inverseSums[r].
    const exps = new Float32Array(rows * numItems);
    const inverseSums = new Float64Array(rows);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const row = exps.subarray(r * numItems, (r + 1) * numItems);
      const baseRow = baseValues.subarray(r * numItems, (r + 1) * numItems);
      for (let i = 0; i < numItems; i++) row[i] = baseRow[i]! + biasValues[i]!;
      const s = scale[r]!;
      for (const j of kept[r]!) for (let k = offsets[j]!, end = offsets[j + 1]!; k < end; k++) row[items[k]!]! += s * pairValues[k]!;
      let max = -Infinity;
      for (let i = 0; i < numItems; i++) if (row[i]! > max) max = row[i]!;
      const rowTargets = targets[r]!;
      // −log p_t = log Σ_i exp(logit_i − max) − (logit_t − max)
      for (const t of rowTargets) loss -= row[t]! - max;
      let sum = 0;
      for (let i = 0; i < numItems; i++) {
        const e = Math.exp(row[i]! - max);
        row[i] = e;
        sum += e;
      }
      loss += rowTargets.length * Math.log(sum);
      inverseSums[r] = 1 / sum;
    }
    return {
      value: tf.scalar(loss / rows),
      gradFunc: (dy: TfNamespace.Tensor) => {
        const g = (dy.dataSync()[0] ?? 0) / rows;
        // ∂loss/∂logit[r, i] = g × (|targets_r| × p[r, i] − [i ∈ targets_r]); written over the exps.
        const dLogits = exps;
        const dBias = new Float32Array(numItems);
        const dPairs = new Float32Array(pairValues.length);
        for (let r = 0; r < rows; r++) {
          const row = dLogits.subarray(r * numItems, (r + 1) * numItems);
          const rowTargets = targets[r]!;
          const factor = g * rowTargets.length * inverseSums[r]!;
          for (let i = 0; i < numItems; i++) {
            const d = row[i]! * factor;
            row[i] = d;
            dBias[i]! += d;
          }
          for (const t of rowTargets) {
            row[t]! -= g;
            dBias[t]! -= g;
          }
          const s = scale[r]!;
          for (const j of kept[r]!) for (let k = offsets[j]!, end = offsets[j + 1]!; k < end; k++) dPairs[k]! += s * row[items[k]!]!;
        }
        return [tf.tensor2d(dLogits, [rows, numItems]), tf.tensor1d(dBias), tf.tensor1d(dPairs)];
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]) as (base: TfNamespace.Tensor, bias: TfNamespace.Tensor, weights: TfNamespace.Tensor) => TfNamespace.Scalar;
}
