import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { CatalogItem } from './catalog-item.ts';
import { itemCatalogOf } from './item-catalog-of.ts';
import type { ItemCatalog } from './item-catalog.ts';

const CHUNK = 10_000;

/**
 * Reads the current catalog rows (title, genres, year, artist, availability) of `itemIds`
 * from Postgres, indexed like `itemIds` (a model's item indexes).
 *
 * ```ts
 * const catalog = await loadItemCatalog(db, meta.itemIds);
 * ```
 */
export async function loadItemCatalog(db: Kysely<Database>, itemIds: readonly string[]): Promise<ItemCatalog> {
  const rows: CatalogItem[] = [];
  for (let start = 0; start < itemIds.length; start += CHUNK) {
    const chunk = itemIds.slice(start, start + CHUNK);
    const found = await db
      .selectFrom('items')
      .select(['id', 'title', 'attributes', 'available'])
      .where(sql<boolean>`id = any(${chunk}::text[])`)
      .execute();
    rows.push(...found);
  }
  return itemCatalogOf(itemIds, rows);
}
