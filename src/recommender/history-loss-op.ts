import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import type { tf as TfNamespace } from '../ml/tf.ts';
import type { HistoryLossThreads } from './history-loss-threads.ts';

/** One step's rows (users): the kept history items with the row's scale (n^−α of the kept count), and the targets. */
export interface HistoryStepInput {
  readonly rows: number;
  readonly kept: readonly Int32Array[];
  readonly scale: Float32Array;
  /** Per row the items whose softmax probability the loss raises (each counts once). */
  readonly targets: readonly Int32Array[];
}

/** The loss of one step: `(base [rows, numItems], itemBias [numItems]) → scalar`. */
export type HistoryLossFn = (base: TfNamespace.Tensor, bias: TfNamespace.Tensor) => TfNamespace.Scalar;

/**
 * The item-history model's loss as one op per step: the mean over rows of the softmax cross-entropy of the row's
 * targets, over the logits
 *
 *   logit[r, i] = base[r, i] + itemBias[i] + scale_r × Σ_{j kept in r} pairWeight(j, i)
 *
 * Forward and gradient are typed-array loops over one `[rows, numItems]` buffer (see `history-loss-kernels.ts`), run
 * on the threads of `lossThreads`: the pair term is sparse (only co-occurring pairs), and a fused softmax replaces
 * the chain of full-size kernels (add, log-softmax, multiply, sum and their gradients) that dominate a step on wasm.
 * The pair weights are not a tensor: they live in `lossThreads.buffers.pairValues`, their gradient lands in `dPairs`
 * and `lossThreads.updatePairs` applies it. The buffers are reused by every step's op, so one op's gradient must be
 * taken before the next op's forward pass (as `optimizer.minimize` does).
 *
 * ```ts
 * const lossFor = historyLossOp(tf, lossThreads);
 * optimizer.minimize(() => lossFor(input)(tf.matMul(hidden, itemOutput), itemBias), true, variables);
 * lossThreads.updatePairs(adamStep);
 * ```
 */
export function historyLossOp(tf: typeof TfNamespace, lossThreads: HistoryLossThreads): (input: HistoryStepInput) => HistoryLossFn {
  const buffers = lossThreads.buffers;
  const { numItems } = buffers;
  return ({ rows, kept, scale, targets }) =>
    tf.customGrad(((base: TfNamespace.Tensor, bias: TfNamespace.Tensor) => {
      buffers.exps.set(floatsOf(tf, base));
      buffers.bias.set(floatsOf(tf, bias));
      buffers.scale.set(scale);
      flatten(kept, buffers.keptItems, buffers.keptOffsets);
      flatten(targets, buffers.targetItems, buffers.targetOffsets);
      const loss = lossThreads.forward(rows);
      return {
        value: tf.scalar(loss / rows),
        gradFunc: (dy: TfNamespace.Tensor) => {
          lossThreads.gradients(rows, (dy.dataSync()[0] ?? 0) / rows);
          // wasm copies a typed array into its memory; other backends keep it, so they get copies of the buffers.
          const owned = (values: Float32Array) => (onWasm(tf) ? values : values.slice());
          const dLogits = buffers.exps.subarray(0, rows * numItems);
          return [tf.tensor2d(owned(dLogits), [rows, numItems]), tf.tensor1d(owned(buffers.dBias))];
        },
      };
    }) as Parameters<typeof tf.customGrad>[0]) as HistoryLossFn;
}

/** Per-row lists as one array and row offsets (`offsets[r] .. offsets[r + 1]`). */
function flatten(lists: readonly Int32Array[], items: Int32Array, offsets: Int32Array): void {
  let at = 0;
  lists.forEach((list, r) => {
    offsets[r] = at;
    items.set(list, at);
    at += list.length;
  });
  offsets[lists.length] = at;
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
