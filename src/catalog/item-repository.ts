import { sql, type Kysely } from 'kysely';
import type { Database, Domain, ItemRow } from '../db/database.ts';
import type { ItemInput } from './catalog-schemas.ts';

/** Raised when an upsert would move existing items to another domain (their history belongs to the old one). */
export class DomainChangeError extends Error {
  override readonly name = 'DomainChangeError';
  constructor(readonly indexes: number[]) {
    super(`${indexes.length} item(s) already exist in another domain`);
  }
}

/**
 * Inserts or replaces items in one statement (omitted `attributes` become `{}`, omitted `available` becomes true).
 * Returns how many were new.
 *
 * ```ts
 * await upsertItems(db, [{ id: 'tt0111161', domain: 'film', title: 'The Shawshank Redemption' }]);
 * ```
 */
export async function upsertItems(db: Kysely<Database>, items: readonly ItemInput[]): Promise<{ created: number; updated: number }> {
  return db.transaction().execute(async (trx) => {
    const ids = items.map((item) => item.id);
    const existing = await trx.selectFrom('items').select(['id', 'domain']).where('id', '=', sql<string>`any(${ids}::text[])`).execute();
    const domainOf = new Map(existing.map((row) => [row.id, row.domain]));
    const moved = items.flatMap((item, index) => (domainOf.has(item.id) && domainOf.get(item.id) !== item.domain ? [index] : []));
    if (moved.length > 0) throw new DomainChangeError(moved);

    const unique = new Map(items.map((item) => [item.id, item]));
    const rows = [...unique.values()];
    await sql`
      insert into items (id, domain, title, attributes, available)
      select * from unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.domain)}::text[], ${rows.map((r) => r.title)}::text[],
                           ${rows.map((r) => JSON.stringify(r.attributes ?? {}))}::jsonb[], ${rows.map((r) => r.available ?? true)}::boolean[])
      on conflict (id) do update set
        title = excluded.title, attributes = excluded.attributes, available = excluded.available, updated_at = now()
        where (items.title, items.attributes, items.available) is distinct from (excluded.title, excluded.attributes, excluded.available)
    `.execute(trx);
    const created = rows.filter((row) => !domainOf.has(row.id)).length;
    return { created, updated: rows.length - created };
  });
}

/** One item, or undefined. */
export async function findItem(db: Kysely<Database>, id: string): Promise<ItemRow | undefined> {
  return db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * One page of items ordered by id (keyset pagination: pass the last id seen as `after`).
 *
 * ```ts
 * const page = await listItems(db, { domain: 'film', limit: 100 });
 * const next = await listItems(db, { domain: 'film', limit: 100, after: page.at(-1)?.id });
 * ```
 */
export async function listItems(db: Kysely<Database>, options: { domain?: Domain; after?: string; limit: number }): Promise<ItemRow[]> {
  let query = db.selectFrom('items').selectAll().orderBy('id').limit(options.limit);
  if (options.domain) query = query.where('domain', '=', options.domain);
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  return query.execute();
}

/** Marks an item unavailable (it stays in histories and training data). Returns false when it does not exist. */
export async function markItemUnavailable(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.updateTable('items').set({ available: false, updated_at: sql`now()` }).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
