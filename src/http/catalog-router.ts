
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  MAX_BATCH, domain, entityId, eventsBatch, itemView, itemsBatch, usersBatch,
} from '../catalog/catalog-schemas.ts';
import { FutureEventsError, UnknownItemsError, ingestEvents, userHistory, type HistoryCursor } from '../catalog/event-repository.ts';
import { DomainChangeError, findItem, listItems, markItemUnavailable, upsertItems } from '../catalog/item-repository.ts';
import { eraseUser, findUserSummary, upsertUsers } from '../catalog/user-repository.ts';
import type { Database } from '../db/database.ts';
import { ApiRoutes } from './api-route.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { ServiceMetrics } from './metrics.ts';
import { HttpProblem } from './problem.ts';

export interface CatalogRouterDeps {
  db: Kysely<Database>;
  metrics: ServiceMetrics;
  maxEventSkewSeconds: number;
  /** Called once events of these users were stored or erased (history caches drop them). */
  onHistoryChanged?: (userIds: readonly string[]) => void;
}

const idParams = z.object({ id: entityId });
const pageLimit = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

const listItemsQuery = z.object({
  domain: domain.optional(),
  cursor: z.string().max(512).optional().describe('the `next_cursor` of the previous page'),
  limit: pageLimit(50, 1000),
});

const historyQuery = z.object({
  domain: domain.optional(),
  limit: pageLimit(50, 1000),
  before: z.string().max(512).optional().describe('the `next_before` of the previous page, or an ISO date-time'),
});

const upsertReply = z.object({ created: z.number(), updated: z.number() });
const ingestReply = z.object({ received: z.number(), inserted: z.number(), duplicates: z.number(), users_created: z.number() });

function parseHistoryCursor(before: string | undefined): HistoryCursor | undefined {
  if (before === undefined) return undefined;
  const parts = decodeCursor(before);
  if (parts && typeof parts[0] === 'string' && typeof parts[1] === 'number') return { occurredAt: new Date(parts[0]), id: parts[1] };
  const date = new Date(before);
  if (!Number.isNaN(date.getTime()) && /^\d{4}-\d{2}-\d{2}/.test(before)) return { occurredAt: date, id: Number.MAX_SAFE_INTEGER };
  throw new HttpProblem(400, 'validation-failed', 'before must be a cursor from next_before or an ISO date-time', {
    errors: [{ path: 'query.before', message: 'not a cursor or date-time' }],
  });
}

/**
 * Routes for the catalog (items, users) and the events the recommender learns from.
 *
 * ```ts
 * const v1 = Router(); const routes = new ApiRoutes(v1, '/v1');
 * registerCatalogRoutes(routes, { db, metrics, maxEventSkewSeconds: 300 });
 * ```
 */
export function registerCatalogRoutes(routes: ApiRoutes, deps: CatalogRouterDeps): void {
  const { db, metrics } = deps;

  routes.add(
    {
      method: 'post', path: '/v1/items', tag: 'catalog', auth: 'api', body: itemsBatch,
      summary: `Upsert up to ${MAX_BATCH} items (films or tracks); an item cannot change domain`,
      responses: { 200: { description: 'Counts of created and updated items', schema: upsertReply }, 400: { description: 'Invalid batch' }, 409: { description: 'An item exists in another domain' } },
    },
    async ({ body }) => {
      try {
        return { body: await upsertItems(db, body.items) };
      } catch (error) {
        if (!(error instanceof DomainChangeError)) throw error;
        throw new HttpProblem(409, 'domain-change', 'items cannot move to another domain; nothing was stored', {
          errors: error.indexes.map((index) => ({ path: `body.items.${index}.domain`, message: 'the item exists in another domain' })),
        });
      }
    },
  );

  routes.add(
    {
      method: 'get', path: '/v1/items', tag: 'catalog', auth: 'api', query: listItemsQuery,
      summary: 'List items by id, keyset-paginated',
      responses: { 200: { description: 'A page of items', schema: z.object({ items: z.array(itemView), next_cursor: z.string().nullable() }) } },
    },
    async ({ query }) => {
      let after: string | undefined;
      if (query.cursor !== undefined) {
        const parts = decodeCursor(query.cursor);
        if (!parts || typeof parts[0] !== 'string') {
          throw new HttpProblem(400, 'validation-failed', 'cursor is not one this service issued', { errors: [{ path: 'query.cursor', message: 'invalid cursor' }] });
        }
        after = parts[0];
      }
      const items = await listItems(db, { domain: query.domain, after, limit: query.limit });
      const last = items.at(-1);
      return { body: { items, next_cursor: items.length === query.limit && last ? encodeCursor([last.id]) : null } };
    },
  );

  routes.add(
    {
      method: 'get', path: '/v1/items/:id', tag: 'catalog', auth: 'api', params: idParams, summary: 'One item',
      responses: { 200: { description: 'The item', schema: itemView }, 404: { description: 'No such item' } },
    },
    async ({ params }) => {
      const item = await findItem(db, params.id);
      if (!item) throw new HttpProblem(404, 'item-not-found', `no item with id ${params.id}`);
      return { body: item };
    },
  );

  routes.add(
    {
      method: 'delete', path: '/v1/items/:id', tag: 'catalog', auth: 'api', params: idParams,
      summary: 'Mark an item unavailable (its history stays)',
      responses: { 204: { description: 'Marked unavailable' }, 404: { description: 'No such item' } },
    },
    async ({ params, res }) => {
      if (!(await markItemUnavailable(db, params.id))) throw new HttpProblem(404, 'item-not-found', `no item with id ${params.id}`);
      res.status(204).end();
      return undefined;
    },
  );

  routes.add(
    {
      method: 'post', path: '/v1/users', tag: 'catalog', auth: 'api', body: usersBatch, summary: `Upsert up to ${MAX_BATCH} users`,
      responses: { 200: { description: 'Counts of created and updated users', schema: upsertReply }, 400: { description: 'Invalid batch' } },
    },
    async ({ body }) => ({ body: await upsertUsers(db, body.users) }),
  );

  routes.add(
    {
      method: 'get', path: '/v1/users/:id', tag: 'catalog', auth: 'api', params: idParams, summary: 'One user with event counts per domain',
      responses: { 200: { description: 'The user' }, 404: { description: 'No such user' } },
    },
    async ({ params }) => {
      const user = await findUserSummary(db, params.id);
      if (!user) throw new HttpProblem(404, 'user-not-found', `no user with id ${params.id}`);
      return { body: user };
    },
  );

  routes.add(
    {
      method: 'delete', path: '/v1/users/:id', tag: 'catalog', auth: 'api', params: idParams,
      summary: 'Erase a user and every event of theirs (privacy request), in one transaction',
      responses: { 200: { description: 'Erased', schema: z.object({ user_id: z.string(), events_deleted: z.number() }) }, 404: { description: 'No such user' } },
    },
    async ({ params }) => {
      const removed = await eraseUser(db, params.id);
      if (removed === undefined) throw new HttpProblem(404, 'user-not-found', `no user with id ${params.id}`);
      deps.onHistoryChanged?.([params.id]);
      return { body: { user_id: params.id, events_deleted: removed } };
    },
  );

  routes.add(
    {
      method: 'post', path: '/v1/events', tag: 'events', auth: 'api', body: eventsBatch,
      summary: `Ingest up to ${MAX_BATCH} events atomically and idempotently (keys seen before count as duplicates)`,
      responses: {
        200: { description: 'What the batch stored', schema: ingestReply },
        400: { description: 'Invalid batch, or a duplicate key inside it' },
        422: { description: 'Unknown items or events in the future; nothing was stored' },
      },
    },
    async ({ body }) => {
      try {
        const result = await ingestEvents(db, body.events, { maxSkewSeconds: deps.maxEventSkewSeconds });
        metrics.eventsIngested.inc({ outcome: 'inserted' }, result.inserted);
        metrics.eventsIngested.inc({ outcome: 'duplicate' }, result.duplicates);
        if (result.inserted > 0) deps.onHistoryChanged?.([...new Set(body.events.map((event) => event.user_id))]);
        return { body: result };
      } catch (error) {
        if (error instanceof UnknownItemsError) {
          throw new HttpProblem(422, 'unknown-items', `${error.indexes.length} event(s) name items the catalog does not have; nothing was stored`, {
            errors: error.indexes.map((index) => ({ path: `body.events.${index}.item_id`, message: `unknown item ${body.events[index]!.item_id}` })),
            extensions: { unknown_item_ids: error.itemIds },
          });
        }
        if (error instanceof FutureEventsError) {
          throw new HttpProblem(422, 'events-in-future', `${error.indexes.length} event(s) happen more than ${deps.maxEventSkewSeconds} s in the future; nothing was stored`, {
            errors: error.indexes.map((index) => ({ path: `body.events.${index}.occurred_at`, message: 'in the future beyond the allowed clock skew' })),
          });
        }
        throw error;
      }
    },
  );

  routes.add(
    {
      method: 'get', path: '/v1/users/:id/history', tag: 'events', auth: 'api', params: idParams, query: historyQuery,
      summary: "A user's events, newest first, paginated",
      responses: { 200: { description: 'A page of history' }, 404: { description: 'No such user' } },
    },
    async ({ params, query }) => {
      const before = parseHistoryCursor(query.before);
      const user = await db.selectFrom('users').select('id').where('id', '=', params.id).executeTakeFirst();
      if (!user) throw new HttpProblem(404, 'user-not-found', `no user with id ${params.id}`);
      const { entries, next } = await userHistory(db, params.id, { domain: query.domain, limit: query.limit, before });
      return { body: { user_id: params.id, events: entries, next_before: next ? encodeCursor([next.occurredAt.toISOString(), next.id]) : null } };
    },
  );
}

