import type { ItemCatalog } from './item-catalog.ts';
import type { ItemFilter } from './item-filter.ts';

/**
 * Compiles an {@link ItemFilter} against a catalog into a predicate on item indexes (true =
 * keep). Genre matching is precomputed once per call, so the predicate is cheap per item.
 *
 * ```ts
 * const keep = itemFilterPredicate(catalog, { genre: 'drama' });
 * keep(42); // true when item 42 is an available drama
 * ```
 */
export function itemFilterPredicate(catalog: ItemCatalog, filter: ItemFilter = {}): (itemIndex: number) => boolean {
  const availableOnly = filter.availableOnly ?? true;
  const genre = filter.genre?.trim().toLowerCase();
  const { yearFrom, yearTo, predicate } = filter;
  const genreMatch = genre ? Uint8Array.from(catalog.genres, (gs) => (gs.some((g) => g.toLowerCase() === genre) ? 1 : 0)) : null;
  return (i: number) => {
    if (availableOnly && catalog.available[i] !== 1) return false;
    if (genreMatch !== null && genreMatch[i] !== 1) return false;
    if (yearFrom !== undefined && !(catalog.years[i]! >= yearFrom)) return false;
    if (yearTo !== undefined && !(catalog.years[i]! <= yearTo)) return false;
    if (predicate !== undefined && !predicate(i)) return false;
    return true;
  };
}
