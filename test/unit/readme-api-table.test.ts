import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { registerAdminRoutes } from '../../src/http/admin-router.ts';
import { ApiRoutes } from '../../src/http/api-route.ts';
import { registerArtworkRoutes } from '../../src/http/artwork-router.ts';
import { registerCatalogRoutes } from '../../src/http/catalog-router.ts';
import { createMetrics } from '../../src/http/metrics.ts';
import { UserHistoryCache } from '../../src/recommender/user-history-cache.ts';
import { registerRecommendationRoutes } from '../../src/http/recommendations-router.ts';
import { createLocalActivationBus } from '../../src/jobs/model-activation-bus.ts';
import { createInProcessRetrainQueue } from '../../src/jobs/in-process-retrain-queue.ts';

describe('README API table', () => {
  it('lists exactly the routes the service registers', () => {
    const routes = new ApiRoutes(Router(), '/v1');
    const db = {} as Kysely<Database>;
    const logger = pino({ level: 'silent' });
    registerCatalogRoutes(routes, { db, metrics: createMetrics(), maxEventSkewSeconds: 300 });
    registerRecommendationRoutes(routes, { db, histories: new UserHistoryCache(db), models: { lease: () => undefined }, popular: async () => [] });
    registerAdminRoutes(routes, { db, queue: createInProcessRetrainQueue({ logger }), bus: createLocalActivationBus() });
    registerArtworkRoutes(routes, { db, tagger: { tag: async () => [] } as never, imageLimitBytes: 1024, logger });
    const registered = routes.specs.map((spec) => `${spec.method.toUpperCase()} ${spec.path}`);
    const health = ['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json'];

    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `(GET|POST|PUT|DELETE) (\/[^`]*)` \|/gm)].map((match) => `${match[1]} ${match[2]}`);
    expect([...documented].sort()).toEqual([...registered, ...health].sort());
  });
});
