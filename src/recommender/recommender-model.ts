import { initTensorFlow } from '../ml/init-tensorflow.ts';
import { modelFromBytes } from '../ml/model-from-bytes.ts';
import type { Domain } from '../db/database.ts';
import { decodeRecommenderArtifact } from './decode-recommender-artifact.ts';
import { HistoryRanker } from './history-ranker.ts';
import { historyWeightsFromBytes } from './history-weights-bytes.ts';
import { itemCatalogOf } from './item-catalog-of.ts';
import type { ItemCatalog } from './item-catalog.ts';
import { itemFilterPredicate } from './item-filter-predicate.ts';
import type { ItemFilter } from './item-filter.ts';
import { NcfRanker } from './ncf-ranker.ts';
import type { Ranker } from './ranker.ts';
import type { RecommendOptions } from './recommend-options.ts';
import type { Recommendation } from './recommendation.ts';
import { META_FORMATS, type RecommenderMeta } from './recommender-meta.ts';
import type { UserHistory } from './user-history.ts';
import type { ServableModel } from './model-slot.ts';
import { topK } from './top-k.ts';

const DEFAULT_CANDIDATES = 300;
const MAX_REASON_HISTORY = 500;

/** A user's ranked candidates (best first). */
interface RankedCandidates {
  readonly items: Int32Array;
  /** The model's probability. */
  readonly scores: Float32Array;
  /** The user's positives (item indexes), to explain picks by. */
  readonly consumed: Int32Array;
  /** Per candidate, the most similar consumed item: -1 none, -2 not computed yet. */
  readonly reasons: Int32Array;
  /** Retrieval returned fewer than it asked for: no item outside the list qualifies. */
  readonly exhaustive: boolean;
}

/**
 * A trained recommender ready to serve: the network's {@link Ranker} (`NcfRanker` or
 * `HistoryRanker`, as the artifact's meta says), the id maps and the catalog. It maps ids,
 * applies exclusions and filters, caches each user's ranking per history and explains picks.
 * Build one with {@link RecommenderModel.fromArtifact} or `loadActiveModel`; `dispose()` it
 * when swapped out.
 *
 * ```ts
 * const model = await loadActiveModel(db, 'film', { modelsDir: './models' });
 * const history = await loadUserHistory(db, 'film', 'ml:42');
 * const picks = model?.recommend('ml:42', { limit: 10, history, filter: { genre: 'Comedy' } });
 * // null: the model has nothing personal for this user → serve popularItems(...) instead
 * const similar = model?.similar('ml:50', 10);
 * const session = model?.session(['ml:1', 'ml:50'], 10);
 * model?.dispose();
 * ```
 */
export class RecommenderModel implements ServableModel {
  /** `models.id`; 0 for a model not stored in the registry. */
  readonly id: number;
  readonly meta: RecommenderMeta;
  readonly #ranker: Ranker;
  readonly #userIndex = new Map<string, number>();
  readonly #itemIndex = new Map<string, number>();
  readonly #rankedByHistory = new WeakMap<UserHistory, Map<string, RankedCandidates>>();
  readonly #positivesByHistory = new WeakMap<UserHistory, Int32Array>();
  #catalog: ItemCatalog;
  #disposed = false;

  constructor(ranker: Ranker, meta: RecommenderMeta, options: { id?: number; catalog?: ItemCatalog } = {}) {
    this.#ranker = ranker;
    this.meta = meta;
    this.id = options.id ?? 0;
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
    const ranker = meta.format === META_FORMATS.ncf ? new NcfRanker((await initTensorFlow()).tf, await modelFromBytes(modelBytes)) : new HistoryRanker(historyWeightsFromBytes(modelBytes));
    try {
      if (ranker.similarity.numItems < meta.itemIds.length) throw new Error(`model has ${ranker.similarity.numItems} items, meta ${meta.itemIds.length}`);
      if (ranker instanceof NcfRanker && ranker.numUsers < meta.userIds.length) throw new Error(`model has ${ranker.numUsers} users, meta ${meta.userIds.length}`);
      return new RecommenderModel(ranker, meta, options);
    } catch (error) {
      ranker.dispose();
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

  /** The network's serving half (owned by this object). */
  get ranker(): Ranker {
    return this.#ranker;
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
   * Top `limit` items for a user, or null when the model has nothing personal for them (NCF:
   * a user it was not trained on; the item-history model: no known positive in `history`);
   * serve the popular fallback then. Consumed items (from `options.history`) are excluded unless
   * `excludeSeen: false`; disliked ones always; filters apply to the ranked candidates.
   *
   * The ranked candidates are computed once per `history` object and reused (the history
   * cache hands out the same object until the user's events change), so a repeat request
   * costs a filter pass. When filters leave fewer than `limit` of them, retrieval runs again
   * with the filter applied to every item.
   */
  recommend(userId: string, options: RecommendOptions = {}): Recommendation[] | null {
    this.#assertLive();
    const userIndex = this.#userIndex.get(userId) ?? -1;
    if (!this.#ranker.serves(userIndex, this.#positivesOf(options.history))) return null;
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
    const { items, scores } = this.#ranker.similarity.similar(itemIndex, limit, (i) => !keep(i));
    return Array.from(items, (item, k) => this.#recommendation(item, scores[k]!, itemIndex, 'similar'));
  }

  /**
   * Item-seeded suggestions for an anonymous session or a user the model has not seen, from
   * `historyItemIds` (unknown ids ignored), history excluded: NCF ranks by closeness to the
   * mean item embedding, the item-history model reads the history as its input. Empty when no
   * history item is known.
   */
  session(historyItemIds: readonly string[], limit = 10, filter?: ItemFilter): Recommendation[] {
    this.#assertLive();
    const history = this.#indexesOf(historyItemIds, MAX_REASON_HISTORY);
    const keep = itemFilterPredicate(this.#catalog, filter);
    const { items, scores } = this.#ranker.session(history, limit, (i) => !keep(i));
    return Array.from(items, (item, k) => this.#recommendation(item, scores[k]!, this.#ranker.similarity.explain(item, history)));
  }

  /** The most popular items of the training data (fallback without a database window). */
  popular(limit = 10, options: { filter?: ItemFilter; exclude?: Iterable<string> } = {}): Recommendation[] {
    const keep = itemFilterPredicate(this.#catalog, options.filter);
    const exclude = new Set(this.#indexesOf([...(options.exclude ?? [])], Number.POSITIVE_INFINITY));
    const counts = this.meta.itemPopularity;
    const items = topK(counts, limit, (i) => exclude.has(i) || !keep(i));
    return Array.from(items, (item) => this.#recommendation(item, counts[item]!, -1));
  }

  /** Runs one ranking (first-call kernel setup happens here, not in a request). */
  warm(): void {
    this.#ranker.warm();
  }

  /** Frees the network's tensors. Idempotent; later calls to serving methods throw. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#ranker.dispose();
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

  /** The ranker's top `depth` for this user, skipping excluded items and those failing `keep`. */
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
    const consumed = this.#positivesOf(history);
    const { items, scores } = this.#ranker.rank(userIndex, consumed, depth, (i) => exclude.has(i) || (keep !== undefined && !keep(i)));
    return { items, scores, consumed, reasons: new Int32Array(items.length).fill(-2), exhaustive: items.length < depth };
  }

  #reasonOf(ranked: RankedCandidates, k: number): number {
    if (ranked.reasons[k] === -2) ranked.reasons[k] = this.#ranker.similarity.explain(ranked.items[k]!, ranked.consumed);
    return ranked.reasons[k]!;
  }

  /** The history's positives as item indexes (at most MAX_REASON_HISTORY), computed once per history object. */
  #positivesOf(history: UserHistory | undefined): Int32Array {
    if (history === undefined) return new Int32Array(0);
    let positives = this.#positivesByHistory.get(history);
    if (!positives) this.#positivesByHistory.set(history, (positives = this.#indexesOf(history.positives, MAX_REASON_HISTORY)));
    return positives;
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
