import { Router } from 'express';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/create-database.ts';
import { pendingMigrations } from '../db/migrate.ts';
import type { ApiRoutes } from './api-route.ts';
import type { ServiceMetrics } from './metrics.ts';
import { buildOpenApiDocument } from './openapi.ts';

/** Process state that health checks read: set `draining` when shutdown starts. */
export interface Lifecycle {
  draining: boolean;
}

/** What the model side reports to `/readyz`: loaded versions and any failed load or swap. */
export interface ModelHealth {
  models: Record<string, unknown>;
  errors: string[];
}

export interface HealthRouterDeps {
  database: DatabaseHandle;
  metrics: ServiceMetrics;
  lifecycle: Lifecycle;
  routes: () => readonly ApiRoutes['specs'][number][];
  modelHealth?: () => ModelHealth;
}

/**
 * `/healthz` (process up), `/readyz` (database reachable, schema current, not draining; 503 with reasons otherwise;
 * loaded models and model errors are listed but do not make the process unready, since it keeps serving its last
 * good model), `/metrics` (Prometheus text) and `/openapi.json`.
 */
export function createHealthRouter(deps: HealthRouterDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.locals.route = '/healthz';
    res.json({ status: 'ok', uptime_seconds: Math.round(process.uptime()) });
  });

  router.get('/readyz', async (_req, res) => {
    res.locals.route = '/readyz';
    const reasons: string[] = [];
    let pending: string[] = [];
    try {
      await sql`select 1`.execute(deps.database.db);
      pending = await pendingMigrations(deps.database.db);
      if (pending.length > 0) reasons.push(`migrations pending: ${pending.join(', ')}`);
    } catch (error) {
      reasons.push(`database unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (deps.lifecycle.draining) reasons.push('draining: shutting down');
    const models = deps.modelHealth?.() ?? { models: {}, errors: [] };
    res.status(reasons.length === 0 ? 200 : 503).json({
      status: reasons.length === 0 ? 'ready' : 'not_ready',
      reasons,
      database: { kind: deps.database.kind, location: deps.database.description, migrations_pending: pending },
      models: models.models,
      model_errors: models.errors,
    });
  });

  router.get('/metrics', async (_req, res) => {
    res.locals.route = '/metrics';
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  router.get('/openapi.json', (_req, res) => {
    res.locals.route = '/openapi.json';
    res.json(buildOpenApiDocument(deps.routes()));
  });
  return router;
}
