import type { DatasetSplit } from './dataset-split.ts';
import { UserItemIndex } from './user-item-index.ts';

/**
 * Each user's training positives of a split (the item-history model's input), as a {@link UserItemIndex}.
 *
 * ```ts
 * const histories = positivesByUser(split);
 * histories.itemsOf(user); // ascending item indexes
 * ```
 */
export function positivesByUser(split: DatasetSplit): UserItemIndex {
  return UserItemIndex.from(split.numUsers, split.positives.user, split.positives.item);
}
