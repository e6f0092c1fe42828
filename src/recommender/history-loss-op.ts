import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import type { tf as TfNamespace } from '../ml/tf.ts';
import { fastExpNonPositive } from './fast-exp.ts';
import type { ItemPairs } from './item-pairs.ts';

/** One step's rows (users): the kept history items with the row's scale (n^−α of the kept count), and the targets. */
export interface HistoryStepInput {
  readonly rows: number;
  readonly kept: readonly Int32Array[];
  readonly scale: Float32Array;
  /** Per row the items whose softmax probability the loss raises (each counts once). */
  readonly targets: readonly Int32Array[];
}

/** The loss of one step: `(base [rows, numItems], itemBias [numItems], pairWeights) → scalar`. */
export type HistoryLossFn = (base: TfNamespace.Tensor, bias: TfNamespace.Tensor, weights: TfNamespace.Tensor) => TfNamespace.Scalar;

/**
 * The item-history model's loss as one op per step: the mean over rows of the softmax cross-entropy of the row's
 * targets, over the logits
 *
 *   logit[r, i] = base[r, i] + itemBias[i] + scale_r × Σ_{j kept in r} pairWeight(j, i)
 *
 * Forward and gradient are typed-array loops over one `[rows, numItems]` buffer: the pair term is sparse (only
 * co-occurring pairs), and a fused softmax replaces the chain of full-size kernels (add, log-softmax, multiply, sum
 * and their gradients) that dominate a step on wasm. On wasm the inputs are read in place from the backend's memory.
 * The buffers are allocated once per `historyLossOp` and reused by every step's op, so one op's gradient must be
 * taken before the next op's forward pass (as `optimizer.minimize` does).
 *
 * ```ts
 * const lossFor = historyLossOp(tf, pairs, numItems);
 * optimizer.minimize(() => lossFor(input)(tf.matMul(hidden, itemOutput), itemBias, pairWeights), true, variables);
 * ```
 */
export function historyLossOp(tf: typeof TfNamespace, pairs: Pick<ItemPairs, 'offsets' | 'items'>, numItems: number): (input: HistoryStepInput) => HistoryLossFn {
  const { offsets, items } = pairs;
  let exps = new Float32Array(0);
  const dBias = new Float32Array(numItems);
  const dPairs = new Float32Array(items.length);
  return ({ rows, kept, scale, targets }) =>
    tf.customGrad(((base: TfNamespace.Tensor, bias: TfNamespace.Tensor, weights: TfNamespace.Tensor) => {
      const baseValues = floatsOf(tf, base);
      const biasValues = floatsOf(tf, bias);
      const pairValues = floatsOf(tf, weights);
      if (exps.length < rows * numItems) exps = new Float32Array(rows * numItems);
      // Logits, then (in place) exp(logit − row max); a row's probabilities are those times inverseSums[r].
      const inverseSums = new Float64Array(rows);
      let loss = 0;
      for (let r = 0; r < rows; r++) {
        const offset = r * numItems;
        for (let i = 0; i < numItems; i++) exps[offset + i] = baseValues[offset + i]! + biasValues[i]!;
        const s = scale[r]!;
        for (const j of kept[r]!) for (let k = offsets[j]!, end = offsets[j + 1]!; k < end; k++) exps[offset + items[k]!]! += s * pairValues[k]!;
        let max = -Infinity;
        for (let i = offset, end = offset + numItems; i < end; i++) if (exps[i]! > max) max = exps[i]!;
        const rowTargets = targets[r]!;
        // −log p_t = log Σ_i exp(logit_i − max) − (logit_t − max)
        for (const t of rowTargets) loss -= exps[offset + t]! - max;
        let sum = 0;
        for (let i = offset, end = offset + numItems; i < end; i++) {
          const e = fastExpNonPositive(exps[i]! - max);
          exps[i] = e;
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
          const dLogits = exps.subarray(0, rows * numItems);
          dBias.fill(0);
          dPairs.fill(0);
          for (let r = 0; r < rows; r++) {
            const offset = r * numItems;
            const rowTargets = targets[r]!;
            const factor = g * rowTargets.length * inverseSums[r]!;
            for (let i = 0; i < numItems; i++) {
              const d = dLogits[offset + i]! * factor;
              dLogits[offset + i] = d;
              dBias[i]! += d;
            }
            for (const t of rowTargets) {
              dLogits[offset + t]! -= g;
              dBias[t]! -= g;
            }
            const s = scale[r]!;
            for (const j of kept[r]!) for (let k = offsets[j]!, end = offsets[j + 1]!; k < end; k++) dPairs[k]! += s * dLogits[offset + items[k]!]!;
          }
          // wasm copies a typed array into its memory; other backends keep it, so they get copies of the buffers.
          const owned = (values: Float32Array) => (onWasm(tf) ? values : values.slice());
          return [tf.tensor2d(owned(dLogits), [rows, numItems]), tf.tensor1d(owned(dBias)), tf.tensor1d(owned(dPairs))];
        },
      };
    }) as Parameters<typeof tf.customGrad>[0]) as HistoryLossFn;
}

function onWasm(tf: typeof TfNamespace): boolean {
  return tf.getBackend() === 'wasm';
}

/** A float32 tensor's values: on wasm a view of the backend's memory (valid until the next allocation there). */
function floatsOf(tf: typeof TfNamespace, tensor: TfNamespace.Tensor): Float32Array {
  const values = onWasm(tf) ? (tf.backend() as BackendWasm).typedArrayFromHeap(tensor) : tensor.dataSync();
  if (!(values instanceof Float32Array)) throw new Error(`historyLossOp takes float32 tensors, got ${tensor.dtype}`);
  return values;
}
