import type { tf as TfNamespace } from '../ml/tf.ts';
import type { ItemPairs } from './item-pairs.ts';

/** One step's input: per user (row) the kept history items, and the row's scale (n^−α of the kept count). */
export interface PairStepInput {
  readonly rows: number;
  readonly kept: readonly Int32Array[];
  readonly scale: Float32Array;
}

/**
 * The pair term `[rows, numItems]` as an op of the pair weights: row r gets scale_r × Σ_{j kept} pairWeight(j, ·).
 * Sparse (only co-occurring pairs), so forward and gradient are typed-array loops rather than dense kernels.
 *
 * ```ts
 * const pairLogits = pairLogitsOp(tf, pairs, { rows: 2, kept: [Int32Array.of(0, 3), Int32Array.of(5)], scale }, numItems);
 * const logits = pairLogits(pairWeights); // [2, numItems], differentiable in pairWeights
 * ```
 */
export function pairLogitsOp(tf: typeof TfNamespace, pairs: Pick<ItemPairs, 'offsets' | 'items'>, input: PairStepInput, numItems: number) {
  const { offsets, items } = pairs;
  // Plain loops rather than a visitor callback: this op is a fifth of a training step.
  return tf.customGrad(((weights: TfNamespace.Tensor) => {
    const values = weights.dataSync() as Float32Array;
    const out = new Float32Array(input.rows * numItems);
    input.kept.forEach((kept, row) => {
      const scale = input.scale[row]!;
      const base = row * numItems;
      for (const j of kept) for (let k = offsets[j]!, end = offsets[j + 1]!; k < end; k++) out[base + items[k]!]! += scale * values[k]!;
    });
    return {
      value: tf.tensor2d(out, [input.rows, numItems]),
      gradFunc: (dy: TfNamespace.Tensor) => {
        const upstream = dy.dataSync() as Float32Array;
        const grad = new Float32Array(values.length);
        input.kept.forEach((kept, row) => {
          const scale = input.scale[row]!;
          const base = row * numItems;
          for (const j of kept) for (let k = offsets[j]!, end = offsets[j + 1]!; k < end; k++) grad[k]! += scale * upstream[base + items[k]!]!;
        });
        return tf.tensor1d(grad);
      },
    };
  }) as Parameters<typeof tf.customGrad>[0]);
}
