import { sql, type Kysely } from 'kysely';
import type { Database, Domain } from '../db/database.ts';
import type { BuildDatasetOptions } from './build-dataset-options.ts';
import type { CatalogItem } from './catalog-item.ts';
import { DatasetAccumulator } from './dataset-accumulator.ts';
import type { RecommenderDataset } from './recommender-dataset.ts';

const DEFAULT_PAGE_SIZE = 50_000;
const ITEM_CHUNK = 10_000;

/**
 * Streams a domain's events from Postgres (keyset pages on `events.id`, up to a watermark fixed
 * at the start, so events arriving during the build are left for the next one), folds them into
 * implicit feedback and loads the catalog rows of the items that occur.
 *
 * ```ts
 * const dataset = await buildDataset(db, 'music');
 * const next = await buildDataset(db, 'music'); // later: includes events after dataset.watermark
 * console.log(dataset.watermark, dataset.userIds.length, dataset.interactions.length);
 * ```
 */
export async function buildDataset(
  db: Kysely<Database>,
  domain: Domain,
  options: BuildDatasetOptions = {},
): Promise<RecommenderDataset> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const watermark =
    options.watermark ??
    Number(
      (await db.selectFrom('events').where('domain', '=', domain).select((eb) => eb.fn.max('id').as('max')).executeTakeFirst())
        ?.max ?? 0,
    );
  const accumulator = new DatasetAccumulator(domain, options.rules);
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('events')
      .select(['id', 'user_id', 'item_id', 'kind', 'value', 'occurred_at'])
      .where('domain', '=', domain)
      .where('id', '>', after)
      .where('id', '<=', watermark)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      accumulator.add({
        id: Number(row.id),
        userId: row.user_id,
        itemId: row.item_id,
        kind: row.kind,
        value: row.value === null ? null : Number(row.value),
        occurredAt: row.occurred_at,
      });
    }
    options.onPage?.(accumulator.eventCount);
    if (page.length < pageSize) break;
    after = Number(page[page.length - 1]!.id);
  }
  const ids = accumulator.itemIds;
  const items: CatalogItem[] = [];
  for (let start = 0; start < ids.length; start += ITEM_CHUNK) {
    const rows = await db
      .selectFrom('items')
      .select(['id', 'title', 'attributes', 'available'])
      .where(sql<boolean>`id = any(${ids.slice(start, start + ITEM_CHUNK)}::text[])`)
      .execute();
    for (const row of rows) items.push(row);
  }
  return accumulator.finish(items, watermark);
}
