import type { UserItemIndex } from './user-item-index.ts';

/**
 * Index arrays that let a training batch add each user's history embedding (SVD++ / FISM
 * style: `|N(u)|^-½ · Σ_{j ∈ N(u)} y_j`, see `NcfParams.historyEmbeddings`) without
 * materialising it for every user. Pure.
 *
 * ```ts
 * const batch = batchHistory(users, items, labels, positivesByUser);
 * // S = unsortedSegmentSum(gather(Y, batch.historyItems), batch.historySlot, batch.slots)
 * // user extra = (gather(S, batch.slot) − mask · gather(Y, items)) · coefficient
 * ```
 */
export interface BatchHistory {
  /** Distinct users in the batch. */
  readonly slots: number;
  /** Per example, its user's slot. */
  readonly slot: Int32Array;
  /** All history items of the distinct users, concatenated; `historySlot` says whose. */
  readonly historyItems: Int32Array;
  readonly historySlot: Int32Array;
  /**
   * 1 where the example's item is in its user's history (a training positive): its own
   * embedding is subtracted, so a positive never predicts itself (FISM's exclusion).
   */
  readonly mask: Float32Array;
  /** `(|N(u)| − mask)^-½`, 0 for an empty history. */
  readonly coefficient: Float32Array;
}

/**
 * Builds the {@link BatchHistory} of one batch from the users' training positives.
 */
export function batchHistory(users: Int32Array, items: Int32Array, positivesByUser: UserItemIndex): BatchHistory {
  const slotOf = new Map<number, number>();
  const slot = new Int32Array(users.length);
  let total = 0;
  for (let k = 0; k < users.length; k++) {
    const user = users[k]!;
    let s = slotOf.get(user);
    if (s === undefined) {
      s = slotOf.size;
      slotOf.set(user, s);
      total += positivesByUser.count(user);
    }
    slot[k] = s;
  }
  const historyItems = new Int32Array(total);
  const historySlot = new Int32Array(total);
  let write = 0;
  for (const [user, s] of slotOf) {
    const row = positivesByUser.itemsOf(user);
    historyItems.set(row, write);
    historySlot.fill(s, write, write + row.length);
    write += row.length;
  }
  const mask = new Float32Array(users.length);
  const coefficient = new Float32Array(users.length);
  for (let k = 0; k < users.length; k++) {
    const user = users[k]!;
    const inHistory = positivesByUser.has(user, items[k]!) ? 1 : 0;
    const n = positivesByUser.count(user) - inHistory;
    mask[k] = inHistory;
    coefficient[k] = n > 0 ? 1 / Math.sqrt(n) : 0;
  }
  return { slots: slotOf.size, slot, historyItems, historySlot, mask, coefficient };
}
