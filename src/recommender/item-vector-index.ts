import { topK } from './top-k.ts';

/** Unit-length item vectors, row-major, `dim` floats per item. */
export interface ItemUnitVectors {
  readonly numItems: number;
  readonly dim: number;
  readonly itemUnit: Float32Array;
}

/**
 * Item similarity over unit vectors in plain typed arrays (no TensorFlow.js, no allocation beyond
 * the results): similar items, session seeds and the "because you watched X" reasons, for either
 * model kind. Pure and synchronous.
 *
 * ```ts
 * const index = new ItemVectorIndex(unitRows(itemOutput, numItems, dim));
 * const { items, scores } = index.similar(itemIndex, 10);
 * const because = index.explain(pick, consumedItems); // most similar consumed item
 * ```
 */
export class ItemVectorIndex {
  readonly #v: ItemUnitVectors;
  protected readonly scratch: Float32Array;
  readonly #query: Float32Array;

  constructor(vectors: ItemUnitVectors) {
    this.#v = vectors;
    this.scratch = new Float32Array(vectors.numItems);
    this.#query = new Float32Array(vectors.dim);
  }

  get numItems(): number {
    return this.#v.numItems;
  }

  /** The `limit` items most cosine-similar to `itemIndex` (itself excluded). */
  similar(itemIndex: number, limit: number, skip?: (itemIndex: number) => boolean): { items: Int32Array; scores: Float32Array } {
    const { dim, itemUnit } = this.#v;
    this.#query.set(itemUnit.subarray(itemIndex * dim, (itemIndex + 1) * dim));
    return this.#nearest(limit, (i) => i === itemIndex || (skip !== undefined && skip(i)));
  }

  /**
   * Item-seeded suggestions for an anonymous session: the `limit` items most cosine-similar to
   * the mean of the history's unit vectors, history excluded. Empty history → empty result.
   */
  session(history: ArrayLike<number>, limit: number, skip?: (itemIndex: number) => boolean): { items: Int32Array; scores: Float32Array } {
    const { dim, itemUnit } = this.#v;
    const query = this.#query.fill(0);
    const seen = new Set<number>();
    for (let h = 0; h < history.length; h++) {
      const item = history[h]!;
      if (item < 0 || item >= this.#v.numItems || seen.has(item)) continue;
      seen.add(item);
      for (let d = 0; d < dim; d++) query[d]! += itemUnit[item * dim + d]!;
    }
    if (seen.size === 0) return { items: new Int32Array(0), scores: new Float32Array(0) };
    return this.#nearest(limit, (i) => seen.has(i) || (skip !== undefined && skip(i)));
  }

  /** Cosine similarity of two items' unit vectors. */
  similarity(a: number, b: number): number {
    const { dim, itemUnit } = this.#v;
    let s = 0;
    for (let d = 0; d < dim; d++) s += itemUnit[a * dim + d]! * itemUnit[b * dim + d]!;
    return s;
  }

  /** The item of `consumed` most cosine-similar to `itemIndex` (the "because you watched X"), -1 when none. */
  explain(itemIndex: number, consumed: ArrayLike<number>): number {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let h = 0; h < consumed.length; h++) {
      const item = consumed[h]!;
      if (item === itemIndex || item < 0 || item >= this.#v.numItems) continue;
      const s = this.similarity(itemIndex, item);
      if (s > bestScore) {
        bestScore = s;
        best = item;
      }
    }
    return best;
  }

  #nearest(limit: number, skip: (itemIndex: number) => boolean): { items: Int32Array; scores: Float32Array } {
    const { dim, itemUnit, numItems } = this.#v;
    const query = this.#query;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += query[d]! * query[d]!;
    const inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    const scores = this.scratch;
    dotAll(query, itemUnit, numItems, dim, scores);
    for (let i = 0; i < numItems; i++) scores[i]! *= inverse;
    const items = topK(scores, limit, skip);
    return { items, scores: Float32Array.from(items, (i) => scores[i]!) };
  }
}

/** `out[i] = query · matrix[i]` for each row of a row-major `rows x dim` matrix (four accumulators: about 2x faster). */
export function dotAll(query: Float32Array, matrix: Float32Array, rows: number, dim: number, out: Float32Array): void {
  const tail = dim - (dim % 4);
  for (let i = 0, base = 0; i < rows; i++, base += dim) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let d = 0; d < tail; d += 4) {
      s0 += query[d]! * matrix[base + d]!;
      s1 += query[d + 1]! * matrix[base + d + 1]!;
      s2 += query[d + 2]! * matrix[base + d + 2]!;
      s3 += query[d + 3]! * matrix[base + d + 3]!;
    }
    for (let d = tail; d < dim; d++) s0 += query[d]! * matrix[base + d]!;
    out[i] = s0 + s1 + s2 + s3;
  }
}

/** Copies of the rows of a row-major `rows x dim` matrix scaled to unit length (zero rows stay zero). */
export function unitRows(matrix: Float32Array, rows: number, dim: number): ItemUnitVectors {
  const itemUnit = Float32Array.from(matrix);
  for (let base = 0; base < itemUnit.length; base += dim) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += itemUnit[base + d]! * itemUnit[base + d]!;
    const inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) itemUnit[base + d]! *= inverse;
  }
  return { numItems: rows, dim, itemUnit };
}
