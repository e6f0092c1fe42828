import type { tf as TfNamespace } from '../ml/tf.ts';
import { NcfScorer } from './ncf-scorer.ts';
import type { RankingScorer } from './ranking-scorer.ts';

/**
 * Scores a dataset's users and items with a network trained on another snapshot (the active
 * model during retraining, evaluated on the candidate's split), mapping ids between the two
 * index spaces: items the model does not know score −∞ (ranked last), users it does not know
 * get a constant row (ranked by the tie rule, i.e. as a coin toss). Call `dispose()` after.
 *
 * ```ts
 * const scorer = new StoredModelScorer(tf, active.network, active.meta, dataset);
 * const metrics = await evaluate(scorer, split, { candidates });
 * scorer.dispose();
 * ```
 */
export class StoredModelScorer implements RankingScorer {
  readonly #inner: NcfScorer;
  readonly #userMap: Int32Array;
  readonly #itemMap: Int32Array;
  readonly #modelItems: number;

  constructor(
    tf: typeof TfNamespace,
    network: TfNamespace.LayersModel,
    modelIds: { readonly userIds: readonly string[]; readonly itemIds: readonly string[] },
    dataset: { readonly userIds: readonly string[]; readonly itemIds: readonly string[] },
  ) {
    this.#inner = new NcfScorer(tf, network);
    const userIndex = new Map(modelIds.userIds.map((id, u) => [id, u]));
    const itemIndex = new Map(modelIds.itemIds.map((id, i) => [id, i]));
    this.#userMap = Int32Array.from(dataset.userIds, (id) => userIndex.get(id) ?? -1);
    this.#itemMap = Int32Array.from(dataset.itemIds, (id) => itemIndex.get(id) ?? -1);
    this.#modelItems = modelIds.itemIds.length;
  }

  scoreUsers(users: Int32Array): Float32Array {
    const numItems = this.#itemMap.length;
    const out = new Float32Array(users.length * numItems);
    const known = Array.from(users, (u) => this.#userMap[u]!).filter((u) => u >= 0);
    const rows = known.length > 0 ? this.#inner.scoreUsers(Int32Array.from(known)) : new Float32Array(0);
    const width = rows.length / Math.max(1, known.length);
    let k = 0;
    for (let r = 0; r < users.length; r++) {
      const modelUser = this.#userMap[users[r]!]!;
      const target = out.subarray(r * numItems, (r + 1) * numItems);
      if (modelUser < 0) continue; // constant row of zeros
      const row = rows.subarray(k * width, (k + 1) * width);
      k++;
      for (let i = 0; i < numItems; i++) {
        const modelItem = this.#itemMap[i]!;
        target[i] = modelItem >= 0 && modelItem < this.#modelItems ? row[modelItem]! : Number.NEGATIVE_INFINITY;
      }
    }
    return out;
  }

  dispose(): void {
    this.#inner.dispose();
  }
}
