import { scoreHistory, type HistoryModelWeights } from './history-model.ts';
import { ItemVectorIndex, unitRows } from './item-vector-index.ts';
import type { Ranker, RankedItems } from './ranker.ts';
import { topK } from './top-k.ts';

/**
 * Serving with the item-history model: the user's positives are the model's input, so anyone with a known positive
 * is served (new users and anonymous sessions included), and every item is scored (a typed-array pass over the
 * catalog; no tensors). Scores are the softmax probabilities the model was trained to predict. Similar items and
 * reasons use the cosine of the item input embeddings (on Last.fm they pair Radiohead with Thom Yorke and Metallica
 * with Megadeth, where the output vectors lean to popular artists of the same broad genre).
 *
 * ```ts
 * const ranker = new HistoryRanker(historyWeightsFromBytes(payload));
 * const { items, scores } = ranker.rank(-1, Int32Array.of(3, 17), 300, (i) => i === 3 || i === 17);
 * ```
 */
export class HistoryRanker implements Ranker {
  readonly #weights: HistoryModelWeights;
  readonly #logits: Float32Array;
  readonly similarity: ItemVectorIndex;

  constructor(weights: HistoryModelWeights) {
    this.#weights = weights;
    this.#logits = new Float32Array(weights.numItems);
    this.similarity = new ItemVectorIndex(unitRows(weights.itemInput, weights.numItems, weights.dim));
  }

  serves(_user: number, positives: Int32Array): boolean {
    return positives.length > 0;
  }

  rank(_user: number, positives: Int32Array, depth: number, skip: (item: number) => boolean): RankedItems {
    const logits = this.#logits;
    scoreHistory(this.#weights, positives, logits);
    let max = Number.NEGATIVE_INFINITY;
    for (const logit of logits) if (logit > max) max = logit;
    let sum = 0;
    for (const logit of logits) sum += Math.exp(logit - max);
    const logNormaliser = max + Math.log(sum);
    const items = topK(logits, depth, skip);
    return { items, scores: Float32Array.from(items, (i) => Math.exp(logits[i]! - logNormaliser)) };
  }

  session(history: Int32Array, limit: number, skip: (item: number) => boolean): RankedItems {
    const known = history.filter((item) => item >= 0 && item < this.#weights.numItems);
    if (known.length === 0) return { items: new Int32Array(0), scores: new Float32Array(0) };
    const inHistory = new Set(known);
    return this.rank(-1, known, limit, (i) => inHistory.has(i) || skip(i));
  }

  scoreUsers(_users: Int32Array, positives: readonly Int32Array[]): Float32Array {
    const { numItems } = this.#weights;
    const out = new Float32Array(positives.length * numItems);
    positives.forEach((items, row) => scoreHistory(this.#weights, items, out.subarray(row * numItems, (row + 1) * numItems)));
    return out;
  }

  warm(): void {
    if (this.#weights.numItems > 0) this.rank(-1, Int32Array.of(0), 8, () => false);
  }

  dispose(): void {}
}
