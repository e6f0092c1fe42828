import { sql, type Kysely } from 'kysely';
import type { Database, Domain } from '../db/database.ts';

/** One popular item with how many distinct users engaged with it in the window. */
export interface PopularItem {
  id: string;
  title: string;
  users: number;
}

export interface PopularQuery {
  domain: Domain;
  limit: number;
  /** Only events of the last N days; all time when undefined. */
  windowDays?: number;
  genre?: string;
  availableOnly: boolean;
  exclude?: readonly string[];
}

/**
 * The domain's most popular items by distinct engaged users (dislikes and skips do not count), newest window first.
 *
 * ```ts
 * const top = await popularItems(db, { domain: 'music', limit: 10, windowDays: 7, availableOnly: true });
 * ```
 */
export async function popularItems(db: Kysely<Database>, query: PopularQuery): Promise<PopularItem[]> {
  const since = query.windowDays === undefined ? null : new Date(Date.now() - query.windowDays * 86_400_000).toISOString();
  const exclude = [...(query.exclude ?? [])];
  const { rows } = await sql<PopularItem>`
    select i.id, i.title, c.users
    from (
      select item_id, count(distinct user_id)::int as users
      from events
      where domain = ${query.domain} and kind not in ('dislike', 'skip')
        and (${since}::timestamptz is null or occurred_at >= ${since}::timestamptz)
      group by item_id
    ) c
    join items i on i.id = c.item_id
    where (${!query.availableOnly} or i.available)
      and (${query.genre ?? null}::text is null or exists (
        select 1 from jsonb_array_elements_text(coalesce(i.attributes->'genres', i.attributes->'tags', '[]'::jsonb)) g
        where lower(g) = lower(${query.genre ?? null}::text)))
      and not (i.id = any(${exclude}::text[]))
    order by c.users desc, i.id
    limit ${query.limit}
  `.execute(db);
  return rows;
}

/**
 * Caches {@link popularItems} answers for `ttlMs` (popularity moves slowly and the fallback is hot). Exclusions are
 * applied to a cached, deeper list, so users with different histories share one cache entry.
 *
 * ```ts
 * const popular = cachedPopularItems(db, 30_000);
 * await popular({ domain: 'film', limit: 10, availableOnly: true, exclude: ['ml:1'] });
 * ```
 */
export function cachedPopularItems(db: Kysely<Database>, ttlMs: number): (query: PopularQuery) => Promise<PopularItem[]> {
  const cache = new Map<string, { at: number; value: Promise<PopularItem[]> }>();
  return async ({ exclude = [], ...query }) => {
    const depth = Math.min(1000, query.limit + 200);
    const key = JSON.stringify([query.domain, depth, query.windowDays, query.genre?.toLowerCase(), query.availableOnly]);
    let hit = cache.get(key);
    if (!hit || Date.now() - hit.at >= ttlMs) {
      if (cache.size > 1000) cache.clear();
      hit = { at: Date.now(), value: popularItems(db, { ...query, limit: depth }) };
      cache.set(key, hit);
      hit.value.catch(() => cache.delete(key));
    }
    const skip = new Set(exclude);
    return (await hit.value).filter((item) => !skip.has(item.id)).slice(0, query.limit);
  };
}
