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

/** Which pair weights each of `items` sums for one history: item k's are `indexes[offsets[k] .. offsets[k + 1])`. */
export interface HistoryPairTerms {
  readonly items: Int32Array;
  readonly offsets: Int32Array;
  readonly indexes: Int32Array;
}

/**
 * The {@link HistoryPairTerms} of `items` for `history`: one pass over the history's pair rows. They depend only on
 * the pair structure, which is fixed while a model trains, so a caller scoring the same candidates every epoch can
 * keep them.
 *
 * ```ts
 * const terms = historyPairTerms(weights, Int32Array.of(3, 17), Int32Array.of(5, 9));
 * ```
 */
export function historyPairTerms(weights: Pick<HistoryModelWeights, 'numItems' | 'pairOffsets' | 'pairItems'>, history: ArrayLike<number>, items: ArrayLike<number>): HistoryPairTerms {
  const { pairOffsets, pairItems } = weights;
  const slot = new Int32Array(weights.numItems).fill(-1);
  for (let k = items.length - 1; k >= 0; k--) slot[items[k]!] = k;
  const found: number[][] = Array.from({ length: items.length }, () => []);
  for (let h = 0; h < history.length; h++) {
    const j = history[h]!;
    for (let k = pairOffsets[j]!, end = pairOffsets[j + 1]!; k < end; k++) {
      const at = slot[pairItems[k]!]!;
      if (at >= 0) found[at]!.push(k);
    }
  }
  const offsets = new Int32Array(items.length + 1);
  // An item listed twice gets the same terms at each place.
  const lists = Array.from(items, (item) => found[slot[item]!]!);
  lists.forEach((list, k) => (offsets[k + 1] = offsets[k]! + list.length));
  return { items: Int32Array.from(items), offsets, indexes: Int32Array.from(lists.flat()) };
}

/**
 * Writes the logits of `items` only for `history` into `out` (the values {@link scoreHistory} writes at those items,
 * up to rounding): for scoring a few candidates without the whole catalog's dense products. `terms` (from
 * {@link historyPairTerms} for the same history and items) saves finding the pair weights again.
 *
 * ```ts
 * const out = new Float32Array(2);
 * scoreHistoryItems(weights, Int32Array.of(3, 17), Int32Array.of(5, 9), out);
 * ```
 */
export function scoreHistoryItems(
  weights: HistoryModelWeights,
  history: ArrayLike<number>,
  items: ArrayLike<number>,
  out: Float32Array,
  terms: HistoryPairTerms = historyPairTerms(weights, history, items),
): void {
  const { dim, itemOutput, itemBias, pairWeights } = weights;
  const scale = history.length === 0 ? 0 : history.length ** -weights.historyAlpha;
  const hidden = hiddenOf(weights, history, scale);
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    let sum = itemBias[item]!;
    for (let d = 0, base = item * dim; d < dim; d++) sum += hidden[d]! * itemOutput[base + d]!;
    let pairSum = 0;
    for (let e = terms.offsets[k]!; e < terms.offsets[k + 1]!; e++) pairSum += pairWeights[terms.indexes[e]!]!;
    out[k] = sum + scale * pairSum;
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
