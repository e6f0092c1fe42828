/**
 * Per-user sorted item lists (compressed sparse rows) over dense indexes: membership in
 * O(log n), a user's items as a zero-copy subarray.
 *
 * ```ts
 * const index = UserItemIndex.from(3, Int32Array.of(0, 0, 2), Int32Array.of(5, 1, 7));
 * index.has(0, 5); // true
 * index.itemsOf(0); // Int32Array [1, 5]
 * ```
 */
export class UserItemIndex {
  /** `items[offsets[u] .. offsets[u + 1])` are user `u`'s items, ascending, without duplicates. */
  readonly offsets: Int32Array;
  readonly items: Int32Array;

  constructor(offsets: Int32Array, items: Int32Array) {
    this.offsets = offsets;
    this.items = items;
  }

  /** Builds the index from parallel (user, item) arrays; duplicates are dropped. */
  static from(numUsers: number, users: ArrayLike<number>, items: ArrayLike<number>): UserItemIndex {
    const counts = new Int32Array(numUsers + 1);
    for (let k = 0; k < users.length; k++) counts[users[k]! + 1]! += 1;
    for (let u = 0; u < numUsers; u++) counts[u + 1]! += counts[u]!;
    const cursor = counts.slice(0, numUsers);
    const sorted = new Int32Array(users.length);
    for (let k = 0; k < users.length; k++) sorted[cursor[users[k]!]!++] = items[k]!;
    const offsets = new Int32Array(numUsers + 1);
    let write = 0;
    for (let u = 0; u < numUsers; u++) {
      const row = sorted.subarray(counts[u]!, counts[u + 1]!).sort();
      offsets[u] = write;
      for (let j = 0; j < row.length; j++) {
        if (j > 0 && row[j] === row[j - 1]) continue;
        sorted[write++] = row[j]!;
      }
    }
    offsets[numUsers] = write;
    return new UserItemIndex(offsets, sorted.slice(0, write));
  }

  get numUsers(): number {
    return this.offsets.length - 1;
  }

  /** User `user`'s items, ascending (a view, do not modify). */
  itemsOf(user: number): Int32Array {
    return this.items.subarray(this.offsets[user]!, this.offsets[user + 1]!);
  }

  count(user: number): number {
    return this.offsets[user + 1]! - this.offsets[user]!;
  }

  has(user: number, item: number): boolean {
    let lo = this.offsets[user]!;
    let hi = this.offsets[user + 1]! - 1;
    const items = this.items;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const value = items[mid]!;
      if (value === item) return true;
      if (value < item) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
