import type { UserItemIndex } from './user-item-index.ts';

/** Item-item weights among the most popular items: `weights[a * items.length + b]` is the weight of `items[a]` → `items[b]`. */
export interface EaseWeights {
  readonly items: Int32Array;
  readonly weights: Float32Array;
}

export interface EaseOptions {
  /** Only items with at least this many users take part. */
  readonly minUsers: number;
  /** At most this many items (the most popular): the solve costs O(n³). */
  readonly maxItems: number;
  /** L2 regularisation. */
  readonly lambda: number;
}

/**
 * The closed-form linear item-item model EASE (Steck 2019) over the most popular items: B = I − P·diag(1/diag(P)),
 * P = (XᵀX + λI)⁻¹, the diagonal forced to zero, so an item is predicted only from the others. The item-history
 * trainer starts its pair weights here. Cholesky in float64, O(n³) for n items (about 10 s for 1,500 on one core),
 * awaiting `yieldIfDue` between rows so that a process serving requests is not stalled for that long.
 *
 * ```ts
 * const ease = await easeWeights(numItems, histories, { minUsers: 10, maxItems: 2000, lambda: 100 }, () => clock.yieldIfDue());
 * ```
 */
export async function easeWeights(numItems: number, histories: UserItemIndex, options: EaseOptions, yieldIfDue: () => Promise<void> = async () => undefined): Promise<EaseWeights> {
  const users = new Int32Array(numItems);
  for (const item of histories.items) users[item]! += 1;
  const items = Int32Array.from({ length: numItems }, (_, i) => i)
    .filter((i) => users[i]! >= options.minUsers)
    .sort((a, b) => users[b]! - users[a]! || a - b)
    .subarray(0, options.maxItems)
    .sort();
  const n = items.length;
  const slot = new Int32Array(numItems).fill(-1);
  items.forEach((item, k) => (slot[item] = k));

  const gram = new Float64Array(n * n);
  const row: number[] = [];
  for (let u = 0; u < histories.numUsers; u++) {
    row.length = 0;
    for (const item of histories.itemsOf(u)) if (slot[item]! >= 0) row.push(slot[item]!);
    for (const a of row) for (const b of row) gram[a * n + b]! += 1;
  }
  for (let k = 0; k < n; k++) gram[k * n + k]! += options.lambda;
  const inverse = await invertSymmetricPositiveDefinite(gram, n, yieldIfDue);
  const weights = new Float32Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) if (a !== b) weights[a * n + b] = -inverse[a * n + b]! / inverse[b * n + b]!;
  }
  return { items, weights };
}

/** A⁻¹ of a symmetric positive definite `n × n` matrix (row-major) by Cholesky: A = LLᵀ, A⁻¹ = L⁻ᵀL⁻¹. */
export async function invertSymmetricPositiveDefinite(
  matrix: Float64Array,
  n: number,
  yieldIfDue: () => Promise<void> = async () => undefined,
): Promise<Float64Array> {
  const lower = Float64Array.from(matrix);
  for (let j = 0; j < n; j++) {
    await yieldIfDue();
    const rj = j * n;
    let diagonal = lower[rj + j]!;
    for (let k = 0; k < j; k++) diagonal -= lower[rj + k]! * lower[rj + k]!;
    if (!(diagonal > 0)) throw new Error('matrix is not positive definite');
    diagonal = Math.sqrt(diagonal);
    lower[rj + j] = diagonal;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let sum = lower[ri + j]!;
      for (let k = 0; k < j; k++) sum -= lower[ri + k]! * lower[rj + k]!;
      lower[ri + j] = sum / diagonal;
    }
    for (let k = j + 1; k < n; k++) lower[rj + k] = 0;
  }
  // L⁻¹ row by row: row i = −(Σ_{k<i} L[i,k] · row k of L⁻¹) / L[i,i], summed over contiguous rows.
  const lowerInverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    await yieldIfDue();
    const ri = i * n;
    const diagonal = lower[ri + i]!;
    for (let k = 0; k < i; k++) {
      const a = lower[ri + k]!;
      if (a === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) lowerInverse[ri + j]! -= a * lowerInverse[rk + j]!;
    }
    for (let j = 0; j < i; j++) lowerInverse[ri + j]! /= diagonal;
    lowerInverse[ri + i] = 1 / diagonal;
  }
  // A⁻¹ = L⁻ᵀL⁻¹: its lower triangle from the rows of L⁻¹, then mirrored.
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    await yieldIfDue();
    const rk = k * n;
    for (let i = 0; i <= k; i++) {
      const a = lowerInverse[rk + i]!;
      if (a === 0) continue;
      const ri = i * n;
      for (let j = 0; j <= i; j++) out[ri + j]! += a * lowerInverse[rk + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j]!;
  return out;
}
