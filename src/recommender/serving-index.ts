import { dotAll, ItemVectorIndex } from './item-vector-index.ts';
import type { ServingVectors } from './serving-vectors.ts';
import { topK } from './top-k.ts';

/**
 * NCF retrieval over plain typed arrays, the fast first stage of serving before the network
 * reranks, plus the item similarity of {@link ItemVectorIndex}. Pure and synchronous.
 *
 * ```ts
 * const index = new ServingIndex(servingVectorsOf(ncfWeights(model)));
 * const candidates = index.retrieve(userIndex, 300, (i) => seen.has(i));
 * const { items, scores } = index.similar(itemIndex, 10);
 * ```
 */
export class ServingIndex extends ItemVectorIndex {
  readonly #v: ServingVectors;

  constructor(vectors: ServingVectors) {
    super(vectors);
    this.#v = vectors;
  }

  get numUsers(): number {
    return this.#v.numUsers;
  }

  /** The `k` items with the highest retrieval score (GMF share of the logit) for a user, skipping `skip(i)`. */
  retrieve(userIndex: number, k: number, skip?: (itemIndex: number) => boolean): Int32Array {
    const { dim, userQuery, itemGmf, numItems } = this.#v;
    const query = userQuery.subarray(userIndex * dim, (userIndex + 1) * dim);
    dotAll(query, itemGmf, numItems, dim, this.scratch);
    return topK(this.scratch, k, skip);
  }
}
