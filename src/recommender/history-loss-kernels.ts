import { fastExpNonPositive } from './fast-exp.ts';

/**
 * The buffers of the item-history loss's row loops (see {@link historyLossOp}); on `SharedArrayBuffer`s when the
 * loss runs on several threads. A step writes its inputs, then the kernels below fill the outputs. `exps` holds
 * `[rows, numItems]` logits, then exp(logit − row max), then the logits' gradient.
 */
export interface HistoryLossBuffers {
  readonly numItems: number;
  readonly pairOffsets: Int32Array;
  readonly pairItems: Int32Array;
  readonly bias: Float32Array;
  readonly pairValues: Float32Array;
  /** Row r's kept items are `keptItems[keptOffsets[r] .. keptOffsets[r + 1])`; likewise its targets. */
  readonly keptItems: Int32Array;
  readonly keptOffsets: Int32Array;
  readonly targetItems: Int32Array;
  readonly targetOffsets: Int32Array;
  readonly scale: Float32Array;
  readonly exps: Float32Array;
  readonly inverseSums: Float64Array;
  readonly rowLosses: Float64Array;
  readonly dBias: Float32Array;
  readonly dPairs: Float32Array;
  /** Adam's moment estimates of the pair weights (the weights live in `pairValues`). */
  readonly pairFirstMoments: Float32Array;
  readonly pairSecondMoments: Float32Array;
}

/** One Adam step's numbers (Kingma & Ba 2015, as `tf.train.adam`): bias corrections are `1 − β^t` at step t. */
export interface AdamStep {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly correction1: number;
  readonly correction2: number;
}

/**
 * Rows `[from, to)` of the forward pass. `exps` must hold the base logits; adds the item bias and the pair term, then
 * writes exp(logit − row max), `inverseSums[r]` (1 / Σ exp) and `rowLosses[r]` (Σ over targets of −log p).
 */
export function forwardRows(b: HistoryLossBuffers, from: number, to: number): void {
  const { numItems, pairOffsets, pairItems, bias, pairValues, keptItems, keptOffsets, targetItems, targetOffsets, scale, exps } = b;
  for (let r = from; r < to; r++) {
    const offset = r * numItems;
    for (let i = 0; i < numItems; i++) exps[offset + i]! += bias[i]!;
    const s = scale[r]!;
    for (let e = keptOffsets[r]!; e < keptOffsets[r + 1]!; e++) {
      const j = keptItems[e]!;
      for (let k = pairOffsets[j]!, end = pairOffsets[j + 1]!; k < end; k++) exps[offset + pairItems[k]!]! += s * pairValues[k]!;
    }
    let max = -Infinity;
    for (let i = offset, end = offset + numItems; i < end; i++) if (exps[i]! > max) max = exps[i]!;
    // −log p_t = log Σ_i exp(logit_i − max) − (logit_t − max)
    let loss = 0;
    for (let e = targetOffsets[r]!; e < targetOffsets[r + 1]!; e++) loss -= exps[offset + targetItems[e]!]! - max;
    let sum = 0;
    for (let i = offset, end = offset + numItems; i < end; i++) {
      const x = fastExpNonPositive(exps[i]! - max);
      exps[i] = x;
      sum += x;
    }
    b.rowLosses[r] = loss + (targetOffsets[r + 1]! - targetOffsets[r]!) * Math.log(sum);
    b.inverseSums[r] = 1 / sum;
  }
}

/** Rows `[from, to)` of the logits' gradient, `g × (|targets_r| × p[r, i] − [i ∈ targets_r])`, written over `exps`. */
export function logitGradientRows(b: HistoryLossBuffers, g: number, from: number, to: number): void {
  const { numItems, targetItems, targetOffsets, exps, inverseSums } = b;
  for (let r = from; r < to; r++) {
    const offset = r * numItems;
    const factor = g * (targetOffsets[r + 1]! - targetOffsets[r]!) * inverseSums[r]!;
    for (let i = offset, end = offset + numItems; i < end; i++) exps[i]! *= factor;
    for (let e = targetOffsets[r]!; e < targetOffsets[r + 1]!; e++) exps[offset + targetItems[e]!]! -= g;
  }
}

/**
 * The bias gradient of items `[itemFrom, itemTo)` and the pair gradient of the pair rows of items `[pairFrom, pairTo)`
 * over rows `[0, rows)`, from the logits' gradient in `exps`. Each value is summed over rows in ascending order, so
 * any split of the item ranges between threads gives the same numbers.
 */
export function parameterGradients(b: HistoryLossBuffers, rows: number, itemFrom: number, itemTo: number, pairFrom: number, pairTo: number): void {
  const { numItems, pairOffsets, pairItems, keptItems, keptOffsets, scale, exps, dBias, dPairs } = b;
  dBias.fill(0, itemFrom, itemTo);
  dPairs.fill(0, pairOffsets[pairFrom]!, pairOffsets[pairTo]!);
  for (let r = 0; r < rows; r++) {
    const offset = r * numItems;
    for (let i = itemFrom; i < itemTo; i++) dBias[i]! += exps[offset + i]!;
    const s = scale[r]!;
    for (let e = keptOffsets[r]!; e < keptOffsets[r + 1]!; e++) {
      const j = keptItems[e]!;
      if (j < pairFrom || j >= pairTo) continue;
      for (let k = pairOffsets[j]!, end = pairOffsets[j + 1]!; k < end; k++) dPairs[k]! += s * exps[offset + pairItems[k]!]!;
    }
  }
}

/** Adam's update of pair weights `[from, to)` from `dPairs`, in place (arithmetic in float64, stored as float32). */
export function pairAdamRange(b: HistoryLossBuffers, step: AdamStep, from: number, to: number): void {
  const { pairValues, dPairs, pairFirstMoments: m, pairSecondMoments: v } = b;
  const { learningRate, beta1, beta2, epsilon, correction1, correction2 } = step;
  for (let k = from; k < to; k++) {
    const g = dPairs[k]!;
    const first = beta1 * m[k]! + (1 - beta1) * g;
    const second = beta2 * v[k]! + (1 - beta2) * g * g;
    m[k] = first;
    v[k] = second;
    pairValues[k]! -= (learningRate * (first / correction1)) / (Math.sqrt(second / correction2) + epsilon);
  }
}
