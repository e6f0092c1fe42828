import type { Kysely } from 'kysely';
import { z } from 'zod';
import { domain, entityId } from '../catalog/catalog-schemas.ts';
import type { Database, Domain } from '../db/database.ts';
import type { ActiveModelHost } from '../recommender/active-model-host.ts';
import type { PopularItem, PopularQuery } from '../recommender/popular-items.ts';
import type { Recommendation } from '../recommender/recommendation.ts';
import type { RecommenderModel } from '../recommender/recommender-model.ts';
import type { UserHistorySource } from '../recommender/user-history-cache.ts';
import type { ApiRoutes } from './api-route.ts';
import { HttpProblem } from './problem.ts';

export interface RecommendationsRouterDeps {
  db: Kysely<Database>;
  /** Users' histories (consumed items excluded, positives explain picks): a `UserHistoryCache`. */
  histories: UserHistorySource;
  models: Pick<ActiveModelHost<RecommenderModel>, 'lease'>;
  popular: (query: PopularQuery) => Promise<PopularItem[]>;
}

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const limit = z.coerce.number().int().min(1).max(100).default(10);
const genre = z.string().min(1).max(64).optional();

const userQuery = z.object({ domain, limit, exclude_seen: booleanFlag.default(true), genre, available_only: booleanFlag.default(true) });
const sessionBody = z.strictObject({ domain, history: z.array(entityId).max(500).default([]), limit, genre, available_only: z.boolean().default(true) });
const similarQuery = z.object({ limit, genre, available_only: booleanFlag.default(true) });
const popularQuery = z.object({ domain, limit, window_days: z.coerce.number().int().min(1).max(3650).optional(), genre, available_only: booleanFlag.default(true) });

const itemOut = z.object({ id: z.string(), title: z.string(), score: z.number(), reason: z.string().nullable() });
const modelOut = z.object({ id: z.number(), trained_at: z.string() }).nullable();
const recommendationsOut = z.object({
  user_id: z.string().optional(),
  domain,
  model: modelOut,
  strategy: z.enum(['model', 'popular', 'session']),
  items: z.array(itemOut),
});

function fromModel(items: readonly Recommendation[]) {
  return items.map((item) => ({ id: item.itemId, title: item.title, score: item.score, reason: item.reason }));
}

function fromPopular(items: readonly PopularItem[], windowDays: number | undefined) {
  const reason = windowDays === undefined ? 'popular' : `popular in the last ${windowDays} days`;
  return items.map((item) => ({ id: item.id, title: item.title, score: item.users, reason }));
}

function modelInfo(model: RecommenderModel | undefined) {
  return model ? { id: model.id, trained_at: model.trainedAt.toISOString() } : null;
}

/**
 * Ranked suggestions: per user (model, or popular for users the model has not seen), per anonymous session
 * (item-seeded), similar items, and popular items.
 *
 * ```ts
 * registerRecommendationRoutes(routes, { db, histories: new UserHistoryCache(db), models: host, popular: cachedPopularItems(db, 30_000) });
 * ```
 */
export function registerRecommendationRoutes(routes: ApiRoutes, deps: RecommendationsRouterDeps): void {
  const withModel = async <T>(domainName: Domain, use: (model: RecommenderModel | undefined) => Promise<T> | T): Promise<T> => {
    const lease = deps.models.lease(domainName);
    try {
      return await use(lease?.model);
    } finally {
      lease?.release();
    }
  };

  routes.add(
    {
      method: 'get', path: '/v1/users/:id/recommendations', tag: 'recommendations', auth: 'api',
      params: z.object({ id: entityId }), query: userQuery,
      summary: 'Ranked suggestions for a user in one domain; users the model has not seen get popular items',
      responses: { 200: { description: 'Ranked items', schema: recommendationsOut }, 400: { description: 'Invalid domain, limit or id' } },
    },
    async ({ params, query }) => {
      const filter = { genre: query.genre, availableOnly: query.available_only };
      const history = await deps.histories.get(query.domain, params.id);
      return withModel(query.domain, async (model) => {
        const picks = model?.recommend(params.id, { limit: query.limit, history, excludeSeen: query.exclude_seen, filter });
        if (model && picks) {
          return { body: { user_id: params.id, domain: query.domain, model: modelInfo(model), strategy: 'model', items: fromModel(picks) } };
        }
        const exclude = [...(query.exclude_seen ? history.consumed : []), ...history.disliked];
        const popular = await deps.popular({ domain: query.domain, limit: query.limit, genre: query.genre, availableOnly: query.available_only, exclude });
        return { body: { user_id: params.id, domain: query.domain, model: modelInfo(model), strategy: 'popular', items: fromPopular(popular, undefined) } };
      });
    },
  );

  routes.add(
    {
      method: 'post', path: '/v1/recommendations', tag: 'recommendations', auth: 'api', body: sessionBody,
      summary: 'Item-seeded suggestions for an anonymous session or a new user, from the items in `history`',
      responses: { 200: { description: 'Ranked items', schema: recommendationsOut }, 400: { description: 'Invalid body' } },
    },
    async ({ body }) => {
      const filter = { genre: body.genre, availableOnly: body.available_only };
      return withModel(body.domain, async (model) => {
        const picks = model && body.history.length > 0 ? model.session(body.history, body.limit, filter) : [];
        if (model && picks.length > 0) {
          return { body: { domain: body.domain, model: modelInfo(model), strategy: 'session', items: fromModel(picks) } };
        }
        const popular = await deps.popular({ domain: body.domain, limit: body.limit, genre: body.genre, availableOnly: body.available_only, exclude: body.history });
        return { body: { domain: body.domain, model: modelInfo(model), strategy: 'popular', items: fromPopular(popular, undefined) } };
      });
    },
  );

  routes.add(
    {
      method: 'get', path: '/v1/items/:id/similar', tag: 'recommendations', auth: 'api',
      params: z.object({ id: entityId }), query: similarQuery,
      summary: 'Items of the same domain most similar to this one (cosine of item embeddings)',
      responses: { 200: { description: 'Similar items', schema: recommendationsOut.omit({ user_id: true }).extend({ item_id: z.string() }) }, 404: { description: 'No such item' } },
    },
    async ({ params, query }) => {
      const item = await deps.db.selectFrom('items').select(['id', 'domain']).where('id', '=', params.id).executeTakeFirst();
      if (!item) throw new HttpProblem(404, 'item-not-found', `no item with id ${params.id}`);
      const filter = { genre: query.genre, availableOnly: query.available_only };
      return withModel(item.domain, async (model) => {
        const picks = model?.similar(item.id, query.limit, filter);
        if (model && picks) {
          return { body: { item_id: item.id, domain: item.domain, model: modelInfo(model), strategy: 'model', items: fromModel(picks) } };
        }
        const popular = await deps.popular({ domain: item.domain, limit: query.limit, genre: query.genre, availableOnly: query.available_only, exclude: [item.id] });
        return { body: { item_id: item.id, domain: item.domain, model: modelInfo(model), strategy: 'popular', items: fromPopular(popular, undefined) } };
      });
    },
  );

  routes.add(
    {
      method: 'get', path: '/v1/popular', tag: 'recommendations', auth: 'api', query: popularQuery,
      summary: 'Most popular items of a domain by distinct engaged users, optionally within the last `window_days`',
      responses: { 200: { description: 'Popular items' }, 400: { description: 'Invalid query' } },
    },
    async ({ query }) => {
      const items = await deps.popular({ domain: query.domain, limit: query.limit, windowDays: query.window_days, genre: query.genre, availableOnly: query.available_only });
      return { body: { domain: query.domain, window_days: query.window_days ?? null, strategy: 'popular', items: fromPopular(items, query.window_days) } };
    },
  );
}
