import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, Domain, EventKind } from '../db/database.ts';
import type { EventInput } from './catalog-schemas.ts';

/** Raised when a batch names items the catalog does not have; nothing of the batch is stored. */
export class UnknownItemsError extends Error {
  override readonly name = 'UnknownItemsError';
  constructor(readonly indexes: number[], readonly itemIds: string[]) {
    super(`${indexes.length} event(s) name unknown items`);
  }
}

/** Raised when events happen further in the future than the allowed clock skew. */
export class FutureEventsError extends Error {
  override readonly name = 'FutureEventsError';
  constructor(readonly indexes: number[]) {
    super(`${indexes.length} event(s) have occurred_at in the future`);
  }
}

/** What one ingested batch did. */
export interface IngestResult {
  received: number;
  inserted: number;
  duplicates: number;
  users_created: number;
}

export interface IngestOptions {
  /** Events later than now + this many seconds are refused. */
  maxSkewSeconds: number;
  now?: Date;
}

/**
 * The idempotency key an event is stored under: the client's `key`, else a digest of its content when it names
 * `occurred_at` (so a retried batch matches), else a random one (such an event cannot be deduplicated).
 */
export function eventKeyOf(event: EventInput): string {
  if (event.key !== undefined) return event.key;
  if (event.occurred_at === undefined) return `auto:${randomUUID()}`;
  const content = [event.user_id, event.item_id, event.kind, event.value ?? '', new Date(event.occurred_at).toISOString()].join('\u0000');
  return `auto:${createHash('sha256').update(content).digest('base64url')}`;
}

/**
 * Stores a batch of events atomically and idempotently: either every new event is stored or none is; keys seen
 * before are counted as duplicates. Unknown users are created; unknown items fail the whole batch.
 *
 * ```ts
 * const result = await ingestEvents(db, [{ key: 'e1', user_id: 'u1', item_id: 'tt0111161', kind: 'view', value: 0.9 }], { maxSkewSeconds: 300 });
 * // { received: 1, inserted: 1, duplicates: 0, users_created: 1 }
 * ```
 */
export async function ingestEvents(db: Kysely<Database>, events: readonly EventInput[], options: IngestOptions): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const latest = now.getTime() + options.maxSkewSeconds * 1000;
  const occurredAt = events.map((event) => (event.occurred_at === undefined ? now : new Date(event.occurred_at)));
  const future = occurredAt.flatMap((date, index) => (date.getTime() > latest ? [index] : []));
  if (future.length > 0) throw new FutureEventsError(future);

  return db.transaction().execute(async (trx) => {
    const itemIds = [...new Set(events.map((event) => event.item_id))];
    const known = await sql<{ id: string; domain: Domain }>`select id, domain from items where id = any(${itemIds}::text[])`.execute(trx);
    const domainOf = new Map(known.rows.map((row) => [row.id, row.domain]));
    const unknown = events.flatMap((event, index) => (domainOf.has(event.item_id) ? [] : [index]));
    if (unknown.length > 0) {
      throw new UnknownItemsError(unknown, [...new Set(unknown.map((index) => events[index]!.item_id))]);
    }

    // Creates missing users and locks existing ones (DO UPDATE ... WHERE false locks without writing), so a concurrent
    // erasure of one of them waits for this batch and then removes its events too.
    const userIds = [...new Set(events.map((event) => event.user_id))].sort();
    const users = await sql<{ created: boolean }>`
      insert into users (id) select unnest(${userIds}::text[])
      on conflict (id) do update set id = excluded.id where false
      returning true as created
    `.execute(trx);

    const inserted = await sql`
      insert into events (event_key, user_id, item_id, domain, kind, value, occurred_at)
      select * from unnest(
        ${events.map(eventKeyOf)}::text[], ${events.map((e) => e.user_id)}::text[], ${events.map((e) => e.item_id)}::text[],
        ${events.map((e) => domainOf.get(e.item_id)!)}::text[], ${events.map((e) => e.kind)}::text[],
        ${events.map((e) => e.value ?? null)}::real[], ${occurredAt.map((d) => d.toISOString())}::timestamptz[])
      on conflict (event_key) do nothing
    `.execute(trx);
    const insertedCount = Number(inserted.numAffectedRows ?? 0n);
    return {
      received: events.length,
      inserted: insertedCount,
      duplicates: events.length - insertedCount,
      users_created: users.rows.length,
    };
  });
}

/** One entry of a user's history. */
export interface HistoryEntry {
  id: number;
  key: string;
  item_id: string;
  title: string;
  domain: Domain;
  kind: EventKind;
  value: number | null;
  occurred_at: Date;
}

/** Position in a history, newest first: strictly older than (occurred_at, id). */
export interface HistoryCursor {
  occurredAt: Date;
  id: number;
}

/**
 * A page of a user's events, newest first, with the cursor for the next page.
 *
 * ```ts
 * const { entries, next } = await userHistory(db, 'u1', { domain: 'film', limit: 50 });
 * ```
 */
export async function userHistory(
  db: Kysely<Database>,
  userId: string,
  options: { domain?: Domain; limit: number; before?: HistoryCursor },
): Promise<{ entries: HistoryEntry[]; next: HistoryCursor | undefined }> {
  let query = db
    .selectFrom('events as e')
    .innerJoin('items as i', 'i.id', 'e.item_id')
    .select(['e.id', 'e.event_key as key', 'e.item_id', 'i.title', 'e.domain', 'e.kind', 'e.value', 'e.occurred_at'])
    .where('e.user_id', '=', userId)
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(options.limit + 1);
  if (options.domain) query = query.where('e.domain', '=', options.domain);
  const before = options.before;
  if (before) {
    query = query.where((eb) =>
      eb.or([eb('e.occurred_at', '<', before.occurredAt), eb.and([eb('e.occurred_at', '=', before.occurredAt), eb('e.id', '<', before.id)])]),
    );
  }
  const rows = await query.execute();
  const entries = rows.slice(0, options.limit);
  const last = entries.at(-1);
  return { entries, next: rows.length > options.limit && last ? { occurredAt: last.occurred_at, id: last.id } : undefined };
}
