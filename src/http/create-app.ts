import express, { Router, type Express } from 'express';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/create-database.ts';
import { ApiRoutes, type RouteSpec } from './api-route.ts';
import { requireBearer } from './auth.ts';
import { registerCatalogRoutes } from './catalog-router.ts';
import { problemErrorHandler } from './error-handler.ts';
import { createHealthRouter, type Lifecycle, type ModelHealth } from './health-router.ts';
import { metricsMiddleware, type ServiceMetrics } from './metrics.ts';
import { HttpProblem } from './problem.ts';
import { requestLog } from './request-log.ts';

/** A group of `/v1` routes contributed by a feature (recommendations, admin, artwork). */
export type ApiFeature = (routes: ApiRoutes) => void;

/** Everything the app needs, passed in so tests can build it from real parts or small fakes. */
export interface AppDependencies {
  database: DatabaseHandle;
  logger: Logger;
  metrics: ServiceMetrics;
  keys: { api: string; admin: string };
  limits: { bodyBytes: number; maxEventSkewSeconds: number };
  lifecycle: Lifecycle;
  features?: ApiFeature[];
  modelHealth?: () => ModelHealth;
  /** Called once events of these users were stored or erased (see `UserHistoryCache.invalidate`). */
  onHistoryChanged?: (userIds: readonly string[]) => void;
}

function pathPattern(path: string): RegExp {
  return new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`);
}

/** 405 with `Allow` for a known path under another method, else 404. */
function unmatchedRoute(specs: readonly RouteSpec[]): express.RequestHandler {
  return (req, _res, next) => {
    const path = req.baseUrl + req.path;
    const allowed = specs.filter((spec) => pathPattern(spec.path).test(path)).map((spec) => spec.method.toUpperCase());
    if (allowed.length > 0) {
      next(new HttpProblem(405, 'method-not-allowed', `${req.method} is not allowed on ${path}`, { extensions: { allow: [...new Set(allowed)].join(', ') } }));
    } else {
      next(new HttpProblem(404, 'route-not-found', `no route ${req.method} ${path}; see /openapi.json`));
    }
  };
}

/**
 * Builds the express app: health and docs at the root, the authenticated JSON API under `/v1`.
 *
 * ```ts
 * const app = createApp({ database, logger, metrics: createMetrics(), keys, limits, lifecycle: { draining: false } });
 * app.listen(8080);
 * ```
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLog(deps.logger));
  app.use(metricsMiddleware(deps.metrics));

  const v1 = Router();
  const routes = new ApiRoutes(v1, '/v1', express.json({ limit: deps.limits.bodyBytes, type: ['application/json', 'application/*+json'] }));
  app.use(createHealthRouter({ database: deps.database, metrics: deps.metrics, lifecycle: deps.lifecycle, routes: () => routes.specs, modelHealth: deps.modelHealth }));

  v1.use('/admin', requireBearer([deps.keys.admin]));
  v1.use(requireBearer([deps.keys.api, deps.keys.admin]));
  registerCatalogRoutes(routes, { db: deps.database.db, metrics: deps.metrics, maxEventSkewSeconds: deps.limits.maxEventSkewSeconds, onHistoryChanged: deps.onHistoryChanged });
  for (const feature of deps.features ?? []) feature(routes);
  v1.use(unmatchedRoute(routes.specs));
  app.use('/v1', v1);

  app.use(unmatchedRoute(routes.specs));
  app.use(problemErrorHandler(deps.logger));
  return app;
}
