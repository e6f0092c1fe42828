import { dotAll } from './item-vector-index.ts';

/**
 * A trained item-history model as plain typed arrays (serving and evaluation need no tensors). For a history H
 * (item indexes, n = |H|) the score of item i is
 *
 *   h = tanh(hiddenBias + n^−α Σ_{j∈H} itemInput[j]),   score_i = h · itemOutput[i] + itemBias[i] + n^−α Σ_{j∈H} pairWeight(j, i)
 *
 * a logit of the softmax over all items the model was trained with.
 */
export interface HistoryModelWeights {
  readonly numItems: number;
  readonly dim: number;
  /** `[numItems × dim]`, row-major. */
  readonly itemInput: Float32Array;
  /** `[dim]`. */
  readonly hiddenBias: Float32Array;
  /** `[numItems × dim]`, row-major. */
  readonly itemOutput: Float32Array;
  /** `[numItems]`. */
  readonly itemBias: Float32Array;
  /** Pair rows (see `ItemPairs`): the weight of (j, i) is `pairWeights[k]` where `pairItems[k] === i`, k in row j. */
  readonly pairOffsets: Int32Array;
  readonly pairItems: Int32Array;
  readonly pairWeights: Float32Array;
  readonly historyAlpha: number;
}

/**
 * Writes the logits of every item for `history` into `out` (length `numItems`).
 *
 * ```ts
 * const scores = new Float32Array(weights.numItems);
 * scoreHistory(weights, Int32Array.of(3, 17), scores);
 * ```
 */
export function scoreHistory(weights: HistoryModelWeights, history: ArrayLike<number>, out: Float32Array): void {
  const { dim, numItems, itemOutput, itemBias } = weights;
  const scale = history.length === 0 ? 0 : history.length ** -weights.historyAlpha;
  dotAll(hiddenOf(weights, history, scale), itemOutput, numItems, dim, out);
  for (let i = 0; i < numItems; i++) out[i]! += itemBias[i]!;
  const { pairOffsets, pairItems, pairWeights } = weights;
  for (let h = 0; h < history.length; h++) {
    const j = history[h]!;
    for (let k = pairOffsets[j]!, end = pairOffsets[j + 1]!; k < end; k++) out[pairItems[k]!]! += scale * pairWeights[k]!;
  }
}

/**
 * Writes the logits of `items` only for `history` into `out` (the values {@link scoreHistory} writes at those items),
 * looking each pair weight up in its sorted row: for scoring a few candidates without the whole catalog.
 *
 * ```ts
 * const out = new Float32Array(2);
 * scoreHistoryItems(weights, Int32Array.of(3, 17), Int32Array.of(5, 9), out);
 * ```
 */
export function scoreHistoryItems(weights: HistoryModelWeights, history: ArrayLike<number>, items: ArrayLike<number>, out: Float32Array): void {
  const { dim, itemOutput, itemBias, pairOffsets, pairItems, pairWeights } = weights;
  const scale = history.length === 0 ? 0 : history.length ** -weights.historyAlpha;
  const hidden = hiddenOf(weights, history, scale);
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    let sum = itemBias[item]!;
    for (let d = 0, base = item * dim; d < dim; d++) sum += hidden[d]! * itemOutput[base + d]!;
    for (let h = 0; h < history.length; h++) {
      const j = history[h]!;
      let lo = pairOffsets[j]!;
      let hi = pairOffsets[j + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (pairItems[mid]! < item) lo = mid + 1;
        else hi = mid;
      }
      if (lo < pairOffsets[j + 1]! && pairItems[lo] === item) sum += scale * pairWeights[lo]!;
    }
    out[k] = sum;
  }
}

function hiddenOf(weights: HistoryModelWeights, history: ArrayLike<number>, scale: number): Float32Array {
  const { dim, itemInput } = weights;
  const hidden = Float32Array.from(weights.hiddenBias);
  for (let h = 0; h < history.length; h++) {
    const base = history[h]! * dim;
    for (let d = 0; d < dim; d++) hidden[d]! += scale * itemInput[base + d]!;
  }
  for (let d = 0; d < dim; d++) hidden[d] = Math.tanh(hidden[d]!);
  return hidden;
}
