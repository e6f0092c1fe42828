import type { Kysely } from 'kysely';
import { z } from 'zod';
import { domain } from '../catalog/catalog-schemas.ts';
import type { Database } from '../db/database.ts';
import type { ModelActivationBus } from '../jobs/model-activation-bus.ts';
import type { RetrainQueue } from '../jobs/retrain-job.ts';
import { ActivationRefusedError, activateModel } from '../recommender/activate-model.ts';
import type { ApiRoutes } from './api-route.ts';
import { HttpProblem } from './problem.ts';

export interface AdminRouterDeps {
  db: Kysely<Database>;
  queue: RetrainQueue;
  bus: ModelActivationBus;
}

const retrainBody = z.strictObject({ domain, force: z.boolean().default(false) });
const jobParams = z.object({ id: z.string().min(1).max(128) });
const modelParams = z.object({ id: z.coerce.number().int().positive() });
const modelsQuery = z.object({ domain: domain.optional(), limit: z.coerce.number().int().min(1).max(500).default(50) });
const activateBody = z.strictObject({ force: z.boolean().default(false), domain: domain.optional().describe('if given, must be the model\'s domain') }).default({ force: false });

/**
 * Admin routes (admin key): trigger and follow retraining, list model versions, roll back or forward.
 *
 * ```ts
 * registerAdminRoutes(routes, { db, queue, bus });
 * ```
 */
export function registerAdminRoutes(routes: ApiRoutes, deps: AdminRouterDeps): void {
  routes.add(
    {
      method: 'post', path: '/v1/admin/retrain', tag: 'admin', auth: 'admin', body: retrainBody,
      summary: 'Enqueue a retrain of one domain; while one is waiting or running, that job is returned instead',
      responses: { 202: { description: 'Queued (or already queued)', schema: z.object({ job_id: z.string(), deduplicated: z.boolean() }) }, 400: { description: 'Invalid domain' } },
    },
    async ({ body }) => {
      const { jobId, deduplicated } = await deps.queue.enqueue({ domain: body.domain, force: body.force, requestedBy: 'api' });
      return { status: 202, body: { job_id: jobId, deduplicated } };
    },
  );

  routes.add(
    {
      method: 'get', path: '/v1/admin/jobs/:id', tag: 'admin', auth: 'admin', params: jobParams,
      summary: 'State, progress and result or error of a retrain job',
      responses: { 200: { description: 'The job' }, 404: { description: 'No such job' } },
    },
    async ({ params }) => {
      const job = await deps.queue.getJob(params.id);
      if (!job) throw new HttpProblem(404, 'job-not-found', `no job with id ${params.id}`);
      return { body: job };
    },
  );

  routes.add(
    {
      method: 'get', path: '/v1/admin/models', tag: 'admin', auth: 'admin', query: modelsQuery,
      summary: 'Model versions with metrics and status, newest first',
      responses: { 200: { description: 'Models' } },
    },
    async ({ query }) => {
      let select = deps.db
        .selectFrom('models')
        .select(['id', 'kind', 'domain', 'status', 'metrics', 'params', 'sha256', 'size_bytes', 'trained_from', 'reason', 'created_at', 'activated_at'])
        .orderBy('id', 'desc')
        .limit(query.limit);
      if (query.domain) select = select.where('domain', '=', query.domain);
      return { body: { models: await select.execute() } };
    },
  );

  routes.add(
    {
      method: 'post', path: '/v1/admin/models/:id/activate', tag: 'admin', auth: 'admin', params: modelParams, body: activateBody,
      summary: 'Make a model version the active one (roll back or forward); every API process swaps to it',
      responses: {
        200: { description: 'Activated' },
        404: { description: 'No such model' },
        409: { description: 'A rejected model without force, another domain, or not a recommender' },
      },
    },
    async ({ params, body }) => {
      const model = await deps.db.selectFrom('models').select(['id', 'kind', 'domain', 'status']).where('id', '=', params.id).executeTakeFirst();
      if (!model) throw new HttpProblem(404, 'model-not-found', `no model with id ${params.id}`);
      if (model.kind !== 'recommender') throw new HttpProblem(409, 'not-a-recommender', `model ${model.id} is a ${model.kind} model; only recommenders are activated here`);
      if (body.domain && body.domain !== model.domain) {
        throw new HttpProblem(409, 'domain-mismatch', `model ${model.id} belongs to ${model.domain}, not ${body.domain}`);
      }
      try {
        const { model: activated, previousId } = await activateModel(deps.db, model.id, { force: body.force });
        const signal = await deps.bus.publish({ kind: 'recommender', domain: activated.domain, modelId: activated.id }).then(
          () => 'published',
          (error: Error) => `not published (${error.message}); API processes converge on their next poll`,
        );
        return { body: { model_id: activated.id, domain: activated.domain, previous_model_id: previousId, status: activated.status, signal } };
      } catch (error) {
        if (error instanceof ActivationRefusedError) throw new HttpProblem(409, 'activation-refused', error.message);
        throw error;
      }
    },
  );
}
