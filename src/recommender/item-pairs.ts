import { UserItemIndex } from './user-item-index.ts';

/**
 * Every ordered pair (j, i), j ≠ i, of items that appear together in at least one user's history, as compressed
 * rows: row `j` lists the items seen with `j` (ascending) and, per pair, the cosine similarity of the two items'
 * user sets. Built once per training run; the item-history model learns one weight per pair.
 *
 * ```ts
 * const pairs = itemPairsOf(numItems, histories);
 * for (let k = pairs.offsets[j]!; k < pairs.offsets[j + 1]!; k++) console.log(pairs.items[k], pairs.cosine[k]);
 * ```
 */
export interface ItemPairs {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  readonly cosine: Float32Array;
}

/** The pairs of `histories` (per user, the items it consumed positively). */
export function itemPairsOf(numItems: number, histories: UserItemIndex): ItemPairs {
  const usersOfItem = UserItemIndex.from(numItems, histories.items, userColumn(histories));
  const offsets = new Int32Array(numItems + 1);
  const rows: { items: Int32Array; cosine: Float32Array }[] = [];
  const together = new Int32Array(numItems);
  const touched: number[] = [];
  for (let j = 0; j < numItems; j++) {
    touched.length = 0;
    for (const user of usersOfItem.itemsOf(j)) {
      for (const i of histories.itemsOf(user)) {
        if (i === j) continue;
        if (together[i] === 0) touched.push(i);
        together[i]! += 1;
      }
    }
    touched.sort((a, b) => a - b);
    const items = Int32Array.from(touched);
    const listenersOfJ = usersOfItem.itemsOf(j).length;
    const cosine = Float32Array.from(touched, (i) => together[i]! / Math.sqrt(listenersOfJ * usersOfItem.itemsOf(i).length));
    for (const i of touched) together[i] = 0;
    rows.push({ items, cosine });
    offsets[j + 1] = offsets[j]! + items.length;
  }
  const items = new Int32Array(offsets[numItems]!);
  const cosine = new Float32Array(items.length);
  rows.forEach((row, j) => {
    items.set(row.items, offsets[j]!);
    cosine.set(row.cosine, offsets[j]!);
  });
  return { offsets, items, cosine };
}

/** The user of each entry of `index.items`. */
function userColumn(index: UserItemIndex): Int32Array {
  const users = new Int32Array(index.items.length);
  for (let u = 0; u < index.numUsers; u++) users.fill(u, index.offsets[u]!, index.offsets[u + 1]!);
  return users;
}
