import { initTensorFlow } from '../ml/init-tensorflow.ts';
import { modelFromBytes } from '../ml/model-from-bytes.ts';
import type { tf as TfNamespace } from '../ml/tf.ts';
import type { Domain } from '../db/database.ts';
import { decodeRecommenderArtifact } from './decode-recommender-artifact.ts';
import { itemCatalogOf } from './item-catalog-of.ts';
import type { ItemCatalog } from './item-catalog.ts';
import { itemFilterPredicate } from './item-filter-predicate.ts';
import type { ItemFilter } from './item-filter.ts';
import { ncfLogits } from './ncf-logits.ts';
import { ncfWeights } from './ncf-weights-of.ts';
import type { NcfWeights } from './ncf-weights.ts';
import type { RecommendOptions } from './recommend-options.ts';
import type { Recommendation } from './recommendation.ts';
import type { RecommenderMeta } from './recommender-meta.ts';
import type { UserHistory } from './user-history.ts';
import type { ServableModel } from './model-slot.ts';
import { ServingIndex } from './serving-index.ts';
import { servingVectorsOf } from './serving-vectors-of.ts';
import { topK } from './top-k.ts';

const DEFAULT_CANDIDATES = 300;
const MAX_REASON_HISTORY = 500;

/** A user's retrieved candidates, reranked by the network (best first). */
interface RankedCandidates {
  readonly items: Int32Array;
  /** Sigmoid of the network's logit. */
  readonly scores: Float32Array;
  /** The user's positives (item indexes), to explain picks by. */
  readonly consumed: Int32Array;
  /** Per candidate, the most similar consumed item: -1 none, -2 not computed yet. */
  readonly reasons: Int32Array;
  /** Retrieval returned fewer than it asked for: no item outside the list qualifies. */
  readonly exhaustive: boolean;
}

/**
 * A trained recommender ready to serve: the network, typed-array copies of its embeddings
 * (retrieval and similarity without tensors), the id maps and the catalog. Two stages per
 * request, as in TensorFlow Recommenders: retrieval (GMF dot product over all items, typed
 * arrays, top `candidates`) then ranking (the full NeuMF network on those candidates in one
 * batched forward pass, inside `tf.tidy`, so nothing leaks). Build one with
 * {@link RecommenderModel.fromArtifact} or `loadActiveModel`; `dispose()` it when swapped out.
 *
 * ```ts
 * const model = await loadActiveModel(db, 'film', { modelsDir: './models' });
 * const history = await loadUserHistory(db, 'film', 'ml:42');
 * const picks = model?.recommend('ml:42', { limit: 10, history, filter: { genre: 'Comedy' } });
 * // null: the model does not know this user → serve popularItems(...) instead
 * const similar = model?.similar('ml:50', 10);
 * const session = model?.session(['ml:1', 'ml:50'], 10);
 * model?.dispose();
 * ```
 */
export class RecommenderModel implements ServableModel {
  /** `models.id`; 0 for a model not stored in the registry. */
  readonly id: number;
  readonly meta: RecommenderMeta;
  readonly #tf: typeof TfNamespace;
  readonly #model: TfNamespace.LayersModel;
  readonly #weights: NcfWeights;
  readonly #index: ServingIndex;
  readonly #userIndex = new Map<string, number>();
  readonly #itemIndex = new Map<string, number>();
  readonly #rankedByHistory = new WeakMap<UserHistory, Map<string, RankedCandidates>>();
  #catalog: ItemCatalog;
  #disposed = false;

  constructor(tf: typeof TfNamespace, model: TfNamespace.LayersModel, meta: RecommenderMeta, options: { id?: number; catalog?: ItemCatalog } = {}) {
    this.#tf = tf;
    this.#model = model;
    this.meta = meta;
    this.id = options.id ?? 0;
    this.#weights = ncfWeights(model);
    const vectors = servingVectorsOf(this.#weights);
    if (vectors.numUsers < meta.userIds.length || vectors.numItems < meta.itemIds.length) {
      throw new Error(`model has ${vectors.numUsers} users × ${vectors.numItems} items, meta ${meta.userIds.length} × ${meta.itemIds.length}`);
    }
    this.#index = new ServingIndex(vectors);
    meta.userIds.forEach((id, u) => this.#userIndex.set(id, u));
    meta.itemIds.forEach((id, i) => this.#itemIndex.set(id, i));
    this.#catalog = options.catalog ?? itemCatalogOf(meta.itemIds, []);
  }

  /**
   * Builds a model from `models.artifact` bytes (see `encodeRecommenderArtifact`); `catalog`
   * (from `loadItemCatalog`) supplies titles, genres and availability.
   */
  static async fromArtifact(artifact: Uint8Array, options: { id?: number; catalog?: ItemCatalog } = {}): Promise<RecommenderModel> {
    const { meta, modelBytes } = decodeRecommenderArtifact(artifact);
    const { tf } = await initTensorFlow();
    const model = await modelFromBytes(modelBytes);
    try {
      return new RecommenderModel(tf, model, meta, options);
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  get domain(): Domain {
    return this.meta.domain;
  }

  get trainedAt(): Date {
    return new Date(this.meta.trainedAt);
  }

  get catalog(): ItemCatalog {
    return this.#catalog;
  }

  /** The network (owned by this object). */
  get network(): TfNamespace.LayersModel {
    return this.#model;
  }

  get index(): ServingIndex {
    return this.#index;
  }

  /** Replaces the catalog (titles, availability) without reloading the network. */
  updateCatalog(catalog: ItemCatalog): void {
    this.#catalog = catalog;
  }

  userIndexOf(userId: string): number | undefined {
    return this.#userIndex.get(userId);
  }

  itemIndexOf(itemId: string): number | undefined {
    return this.#itemIndex.get(itemId);
  }

  hasUser(userId: string): boolean {
    return this.#userIndex.has(userId);
  }

  hasItem(itemId: string): boolean {
    return this.#itemIndex.has(itemId);
  }

  /**
   * Top `limit` items for a known user, or null when the model has not seen the user (serve
   * the popular fallback then). Consumed items (from `options.history`) are excluded unless
   * `excludeSeen: false`; disliked ones always; filters apply to the ranked candidates.
   *
   * The ranked candidates are computed once per `history` object and reused (the history
   * cache hands out the same object until the user's events change), so a repeat request
   * costs a filter pass. When filters leave fewer than `limit` of them, retrieval runs again
   * with the filter applied to every item.
   */
  recommend(userId: string, options: RecommendOptions = {}): Recommendation[] | null {
    const userIndex = this.#userIndex.get(userId);
    if (userIndex === undefined) return null;
    this.#assertLive();
    const limit = options.limit ?? 10;
    const excludeSeen = options.excludeSeen ?? true;
    const depth = Math.max(limit, options.candidates ?? DEFAULT_CANDIDATES);
    const keep = itemFilterPredicate(this.#catalog, options.filter);
    const ranked = options.history !== undefined && options.exclude === undefined
      ? this.#rankedFor(userIndex, options.history, excludeSeen, depth)
      : this.#rank(userIndex, options, excludeSeen, depth);
    const picked: number[] = [];
    for (let k = 0; k < ranked.items.length && picked.length < limit; k++) if (keep(ranked.items[k]!)) picked.push(k);
    if (picked.length < limit && !ranked.exhaustive) {
      const filtered = this.#rank(userIndex, options, excludeSeen, depth, keep);
      return Array.from(filtered.items.subarray(0, limit), (item, k) => this.#recommendation(item, filtered.scores[k]!, this.#reasonOf(filtered, k)));
    }
    return picked.map((k) => this.#recommendation(ranked.items[k]!, ranked.scores[k]!, this.#reasonOf(ranked, k)));
  }

  /** Items most similar to `itemId` (cosine of item embeddings), or null for an unknown item. */
  similar(itemId: string, limit = 10, filter?: ItemFilter): Recommendation[] | null {
    this.#assertLive();
    const itemIndex = this.#itemIndex.get(itemId);
    if (itemIndex === undefined) return null;
    const keep = itemFilterPredicate(this.#catalog, filter);
    const { items, scores } = this.#index.similar(itemIndex, limit, (i) => !keep(i));
    return Array.from(items, (item, k) => this.#recommendation(item, scores[k]!, itemIndex, 'similar'));
  }

  /**
   * Item-seeded suggestions for an anonymous session or a user the model has not seen: the
   * items closest to the mean embedding of `historyItemIds` (unknown ids ignored), history
   * excluded. Empty when no history item is known.
   */
  session(historyItemIds: readonly string[], limit = 10, filter?: ItemFilter): Recommendation[] {
    this.#assertLive();
    const history = this.#indexesOf(historyItemIds, MAX_REASON_HISTORY);
    const keep = itemFilterPredicate(this.#catalog, filter);
    const { items, scores } = this.#index.session(history, limit, (i) => !keep(i));
    return Array.from(items, (item, k) => this.#recommendation(item, scores[k]!, this.#index.explain(item, history)));
  }

  /** The most popular items of the training data (fallback without a database window). */
  popular(limit = 10, options: { filter?: ItemFilter; exclude?: Iterable<string> } = {}): Recommendation[] {
    const keep = itemFilterPredicate(this.#catalog, options.filter);
    const exclude = new Set(this.#indexesOf([...(options.exclude ?? [])], Number.POSITIVE_INFINITY));
    const counts = this.meta.itemPopularity;
    const items = topK(counts, limit, (i) => exclude.has(i) || !keep(i));
    return Array.from(items, (item) => this.#recommendation(item, counts[item]!, -1));
  }

  /** Runs one recommendation end to end (first-call kernel setup happens here, not in a request). */
  warm(): void {
    if (this.meta.userIds.length > 0) this.#rank(0, {}, true, 8);
  }

  /** Frees the network's tensors. Idempotent; later calls to serving methods throw. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#model.dispose();
  }

  /** Ranked candidates for this user and history, computed on first use. */
  #rankedFor(userIndex: number, history: UserHistory, excludeSeen: boolean, depth: number): RankedCandidates {
    let entry = this.#rankedByHistory.get(history);
    if (!entry) this.#rankedByHistory.set(history, (entry = new Map()));
    const key = `${userIndex}/${excludeSeen}/${depth}`;
    let ranked = entry.get(key);
    if (!ranked) entry.set(key, (ranked = this.#rank(userIndex, { history }, excludeSeen, depth)));
    return ranked;
  }

  /**
   * Retrieval over all items by the GMF dot product (skipping excluded items and those failing
   * `keep`), then the top `depth` reranked by the full network in one batched forward pass.
   */
  #rank(userIndex: number, options: RecommendOptions, excludeSeen: boolean, depth: number, keep?: (itemIndex: number) => boolean): RankedCandidates {
    const history = options.history;
    const exclude = new Set<number>();
    const addAll = (ids: Iterable<string> | undefined) => {
      for (const id of ids ?? []) {
        const i = this.#itemIndex.get(id);
        if (i !== undefined) exclude.add(i);
      }
    };
    if (excludeSeen) addAll(history?.consumed);
    addAll(history?.disliked);
    addAll(options.exclude);
    const consumed = this.#indexesOf(history?.positives ?? [], MAX_REASON_HISTORY);
    const candidates = this.#index.retrieve(userIndex, depth, (i) => exclude.has(i) || (keep !== undefined && !keep(i)));
    const exhaustive = candidates.length < depth;
    if (candidates.length === 0) return { items: candidates, scores: new Float32Array(0), consumed, reasons: new Int32Array(0), exhaustive };
    const tf = this.#tf;
    const probabilities = tf.tidy(() => {
      const users = tf.fill([candidates.length], userIndex, 'int32') as TfNamespace.Tensor1D;
      const items = tf.tensor1d(candidates, 'int32');
      return tf.sigmoid(ncfLogits(tf, this.#weights, users, items));
    });
    const scores = probabilities.dataSync() as Float32Array;
    probabilities.dispose();
    const order = topK(scores, candidates.length);
    return {
      items: Int32Array.from(order, (k) => candidates[k]!),
      scores: Float32Array.from(order, (k) => scores[k]!),
      consumed,
      reasons: new Int32Array(order.length).fill(-2),
      exhaustive,
    };
  }

  #reasonOf(ranked: RankedCandidates, k: number): number {
    if (ranked.reasons[k] === -2) ranked.reasons[k] = this.#index.explain(ranked.items[k]!, ranked.consumed);
    return ranked.reasons[k]!;
  }

  #indexesOf(ids: readonly string[], max: number): Int32Array {
    const out: number[] = [];
    for (const id of ids) {
      const i = this.#itemIndex.get(id);
      if (i !== undefined) out.push(i);
      if (out.length >= max) break;
    }
    return Int32Array.from(out);
  }

  #recommendation(item: number, score: number, reasonItem: number, reason: 'consumed' | 'similar' = 'consumed'): Recommendation {
    const verb = reason === 'similar' ? 'similar to' : this.meta.domain === 'music' ? 'because you listened to' : 'because you watched';
    const reasonTitle = reasonItem >= 0 ? this.#catalog.titles[reasonItem] : undefined;
    return {
      itemId: this.meta.itemIds[item]!,
      title: this.#catalog.titles[item] ?? this.meta.itemIds[item]!,
      score,
      reason: reasonTitle === undefined ? null : `${verb} ${reasonTitle}`,
      reasonItemId: reasonItem >= 0 ? this.meta.itemIds[reasonItem]! : null,
    };
  }

  #assertLive(): void {
    if (this.#disposed) throw new Error(`recommender model ${this.id || '(unsaved)'} is disposed`);
  }
}
