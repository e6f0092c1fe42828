import type { Domain } from '../db/database.ts';
import { accumulateEvent } from './accumulate-event.ts';
import type { CatalogItem } from './catalog-item.ts';
import type { DatasetEvent } from './dataset-event.ts';
import { implicitSignal } from './implicit-signal.ts';
import { interactionLabelCode } from './interaction-label.ts';
import { itemCatalogOf } from './item-catalog-of.ts';
import { emptyPairEvidence, type PairEvidence } from './pair-evidence.ts';
import type { RecommenderDataset } from './recommender-dataset.ts';
import { DEFAULT_SIGNAL_RULES, type SignalRules } from './signal-rules.ts';

const ITEM_BITS = 2 ** 26;

/**
 * Builds a {@link RecommenderDataset} from events fed in ascending id order (pure: no I/O).
 * Users and items get dense indexes in order of first appearance; each (user, item) pair's
 * events are folded with {@link accumulateEvent} and labelled by {@link implicitSignal}.
 *
 * ```ts
 * const accumulator = new DatasetAccumulator('film');
 * for (const event of events) accumulator.add(event);
 * const dataset = accumulator.finish(catalogItems, lastEventId);
 * ```
 */
export class DatasetAccumulator {
  readonly #domain: Domain;
  readonly #rules: SignalRules;
  readonly #userIds: string[] = [];
  readonly #itemIds: string[] = [];
  readonly #userIndex = new Map<string, number>();
  readonly #itemIndex = new Map<string, number>();
  readonly #pairIndex = new Map<number, number>();
  readonly #pairUser: number[] = [];
  readonly #pairItem: number[] = [];
  readonly #evidence: PairEvidence[] = [];
  readonly #lastAt: number[] = [];
  readonly #lastEventId: number[] = [];
  #minAt = Number.POSITIVE_INFINITY;
  #maxAt = Number.NEGATIVE_INFINITY;
  #maxEventId = 0;
  #events = 0;

  constructor(domain: Domain, rules: SignalRules = DEFAULT_SIGNAL_RULES) {
    this.#domain = domain;
    this.#rules = rules;
  }

  /** Folds one event in; events must arrive in ascending `id` order. */
  add(event: DatasetEvent): void {
    const user = this.#indexOf(this.#userIds, this.#userIndex, event.userId);
    const item = this.#indexOf(this.#itemIds, this.#itemIndex, event.itemId);
    if (item >= ITEM_BITS) throw new Error(`more than ${ITEM_BITS} items in one domain`);
    const key = user * ITEM_BITS + item;
    let pair = this.#pairIndex.get(key);
    const at = typeof event.occurredAt === 'number' ? event.occurredAt : event.occurredAt.getTime();
    if (pair === undefined) {
      pair = this.#evidence.length;
      this.#pairIndex.set(key, pair);
      this.#pairUser.push(user);
      this.#pairItem.push(item);
      this.#evidence.push(emptyPairEvidence());
      this.#lastAt.push(at);
      this.#lastEventId.push(event.id);
    } else {
      if (at > this.#lastAt[pair]!) this.#lastAt[pair] = at;
      if (event.id > this.#lastEventId[pair]!) this.#lastEventId[pair] = event.id;
    }
    accumulateEvent(this.#evidence[pair]!, event.kind, event.value);
    if (at < this.#minAt) this.#minAt = at;
    if (at > this.#maxAt) this.#maxAt = at;
    if (event.id > this.#maxEventId) this.#maxEventId = event.id;
    this.#events += 1;
  }

  /** Number of events added so far. */
  get eventCount(): number {
    return this.#events;
  }

  /** Ids of the items seen so far, by index (to fetch their catalog rows). */
  get itemIds(): readonly string[] {
    return this.#itemIds;
  }

  /**
   * Labels every pair and returns the dataset. `items` are the catalog rows of the domain (any
   * order, extra rows ignored); items without a row get their id as title and stay available.
   * `watermark` defaults to the highest event id added.
   */
  finish(items: Iterable<CatalogItem>, watermark: number = this.#maxEventId): RecommenderDataset {
    const length = this.#evidence.length;
    const interactions = {
      length,
      user: Int32Array.from(this.#pairUser),
      item: Int32Array.from(this.#pairItem),
      label: new Int8Array(length),
      confidence: new Float32Array(length),
      lastAt: Float64Array.from(this.#lastAt),
      lastEventId: Float64Array.from(this.#lastEventId),
    };
    for (let pair = 0; pair < length; pair++) {
      const signal = implicitSignal(this.#evidence[pair]!, this.#rules);
      interactions.label[pair] = interactionLabelCode(signal.label);
      interactions.confidence[pair] = signal.confidence;
    }
    return {
      domain: this.#domain,
      watermark,
      userIds: this.#userIds.slice(),
      itemIds: this.#itemIds.slice(),
      interactions,
      catalog: itemCatalogOf(this.#itemIds, items),
      hasTimestamps: length > 0 && this.#maxAt > this.#minAt,
      rules: this.#rules,
    };
  }

  #indexOf(ids: string[], index: Map<string, number>, id: string): number {
    let found = index.get(id);
    if (found === undefined) {
      found = ids.length;
      index.set(id, found);
      ids.push(id);
    }
    return found;
  }
}
