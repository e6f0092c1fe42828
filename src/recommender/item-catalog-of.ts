import type { CatalogItem } from './catalog-item.ts';
import type { ItemCatalog } from './item-catalog.ts';

/**
 * Builds the {@link ItemCatalog} for `itemIds` (index order) from catalog rows (any order;
 * rows of other items are ignored). Items without a row keep their id as title, no genres,
 * available. Genres come from `attributes.genres`, else `attributes.tags` (music).
 *
 * ```ts
 * const catalog = itemCatalogOf(meta.itemIds, rows);
 * catalog.titles[0]; // 'Toy Story'
 * ```
 */
export function itemCatalogOf(itemIds: readonly string[], rows: Iterable<CatalogItem>): ItemCatalog {
  const n = itemIds.length;
  const index = new Map<string, number>();
  itemIds.forEach((id, i) => index.set(id, i));
  const titles = itemIds.slice();
  const genres: (readonly string[])[] = new Array(n).fill([]);
  const years = new Float64Array(n).fill(Number.NaN);
  const artists: (string | null)[] = new Array(n).fill(null);
  const available = new Uint8Array(n).fill(1);
  for (const row of rows) {
    const i = index.get(row.id);
    if (i === undefined) continue;
    titles[i] = row.title;
    available[i] = row.available ? 1 : 0;
    const attributes = row.attributes;
    const rawGenres = attributes['genres'] ?? attributes['tags'];
    if (Array.isArray(rawGenres)) genres[i] = rawGenres.filter((g): g is string => typeof g === 'string');
    const rawYear = attributes['year'];
    const year = typeof rawYear === 'number' || typeof rawYear === 'string' ? Number(rawYear) : Number.NaN;
    if (Number.isFinite(year)) years[i] = year;
    if (typeof attributes['artist'] === 'string') artists[i] = attributes['artist'];
  }
  return { titles, genres, years, artists, available };
}
