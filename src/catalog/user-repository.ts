import { sql, type Kysely } from 'kysely';
import type { Database, Domain, UserRow } from '../db/database.ts';
import type { UserInput } from './catalog-schemas.ts';

/**
 * Inserts or replaces users (omitted `attributes` become `{}`). Returns how many were new.
 *
 * ```ts
 * await upsertUsers(db, [{ id: 'u1', attributes: { country: 'SE' } }]);
 * ```
 */
export async function upsertUsers(db: Kysely<Database>, users: readonly UserInput[]): Promise<{ created: number; updated: number }> {
  const unique = [...new Map(users.map((user) => [user.id, user])).values()];
  const result = await sql<{ created: boolean }>`
    insert into users (id, attributes)
    select * from unnest(${unique.map((u) => u.id)}::text[], ${unique.map((u) => JSON.stringify(u.attributes ?? {}))}::jsonb[])
    on conflict (id) do update set attributes = excluded.attributes, updated_at = now()
    returning (xmax = 0) as created
  `.execute(db);
  const created = result.rows.filter((row) => row.created).length;
  return { created, updated: unique.length - created };
}

/** A user with their event counts per domain. */
export interface UserSummary extends UserRow {
  events: Record<Domain, number>;
}

/** One user with event counts per domain, or undefined. */
export async function findUserSummary(db: Kysely<Database>, id: string): Promise<UserSummary | undefined> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user) return undefined;
  const counts = await db
    .selectFrom('events')
    .select(['domain', (eb) => eb.fn.countAll<number>().as('count')])
    .where('user_id', '=', id)
    .groupBy('domain')
    .execute();
  const events: Record<Domain, number> = { film: 0, music: 0 };
  for (const row of counts) events[row.domain] = Number(row.count);
  return { ...user, events };
}

/**
 * Erases a user and every event of theirs in one transaction (a privacy request).
 * Returns the number of events removed, or undefined when the user does not exist.
 */
export async function eraseUser(db: Kysely<Database>, id: string): Promise<number | undefined> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    if (!user) return undefined;
    const removed = await trx.deleteFrom('events').where('user_id', '=', id).executeTakeFirst();
    await trx.deleteFrom('users').where('id', '=', id).execute();
    return Number(removed.numDeletedRows);
  });
}
