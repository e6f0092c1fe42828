import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/create-database.ts';
import { registerAdminRoutes } from '../../src/http/admin-router.ts';
import { createInProcessRetrainQueue } from '../../src/jobs/in-process-retrain-queue.ts';
import { createLocalActivationBus, type ModelActivated } from '../../src/jobs/model-activation-bus.ts';
import type { RetrainJobResult } from '../../src/jobs/retrain-job.ts';
import { activateModel } from '../../src/recommender/activate-model.ts';
import { adminAuth, auth, buildTestApp } from '../helpers/test-app.ts';
import { openTestDatabase } from '../helpers/test-database.ts';

async function insertModel(database: DatabaseHandle, domain: string, status: 'candidate' | 'rejected', kind: 'recommender' | 'cnn' = 'recommender') {
  const artifact = new Uint8Array([1, 2, 3]);
  return (await database.db
    .insertInto('models')
    .values({ kind, domain, status, metrics: JSON.stringify({ 'hr@10': 0.5 }), params: '{}', meta: '{}', artifact, sha256: 'x', size_bytes: 3, trained_from: 1, reason: status === 'rejected' ? 'worse' : null })
    .returning('id')
    .executeTakeFirstOrThrow()).id;
}

describe('admin API', () => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof buildTestApp>['app'];
  const queue = createInProcessRetrainQueue({ logger: pino({ level: 'silent' }) });
  const bus = createLocalActivationBus();
  const published: ModelActivated[] = [];
  bus.subscribe((event) => published.push(event));

  beforeAll(async () => {
    database = await openTestDatabase('embedded');
    app = buildTestApp(database, { features: [(routes) => registerAdminRoutes(routes, { db: database.db, queue, bus })] }).app;
  });
  afterAll(async () => {
    await queue.close();
    await database?.close();
  });

  it('needs the admin key: 401 without a key, 403 with the API key', async () => {
    expect((await request(app).post('/v1/admin/retrain').send({ domain: 'film' })).status).toBe(401);
    expect((await request(app).post('/v1/admin/retrain').set(auth).send({ domain: 'film' })).status).toBe(403);
  });

  it('enqueues a retrain, returns the open job for a second request, and shows the job', async () => {
    const first = await request(app).post('/v1/admin/retrain').set(adminAuth).send({ domain: 'music' }).expect(202);
    const second = await request(app).post('/v1/admin/retrain').set(adminAuth).send({ domain: 'music', force: true }).expect(202);
    expect(second.body).toEqual({ job_id: first.body.job_id, deduplicated: true });
    await queue.startWorker(async () => ({ decision: 'rejected', reason: 'test' }) as RetrainJobResult);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const job = await request(app).get(`/v1/admin/jobs/${first.body.job_id}`).set(adminAuth).expect(200);
    expect(job.body).toMatchObject({ id: first.body.job_id, state: 'completed', data: { domain: 'music' }, result: { decision: 'rejected' } });
  });

  it('answers bad input with 4xx and changes nothing', async () => {
    const unknownDomain = await request(app).post('/v1/admin/retrain').set(adminAuth).send({ domain: 'podcasts' });
    expect(unknownDomain.status).toBe(400);
    expect(unknownDomain.body.errors[0].path).toBe('body.domain');
    expect((await request(app).get('/v1/admin/jobs/does-not-exist').set(adminAuth)).status).toBe(404);
    expect((await request(app).post('/v1/admin/models/999/activate').set(adminAuth).send({})).status).toBe(404);
    expect((await request(app).post('/v1/admin/models/abc/activate').set(adminAuth).send({})).status).toBe(400);
  });

  it('activates, refuses a rejected model without force and a model of another domain, and rolls back', async () => {
    const a = await insertModel(database, 'film', 'candidate');
    await activateModel(database.db, a, { force: false });
    const b = await insertModel(database, 'film', 'candidate');
    const rejected = await insertModel(database, 'film', 'rejected');
    const cnn = await insertModel(database, 'image', 'candidate', 'cnn');

    const activated = await request(app).post(`/v1/admin/models/${b}/activate`).set(adminAuth).send({}).expect(200);
    expect(activated.body).toMatchObject({ model_id: b, previous_model_id: a, status: 'active', signal: 'published' });
    expect(published.at(-1)).toEqual({ kind: 'recommender', domain: 'film', modelId: b });

    const refused = await request(app).post(`/v1/admin/models/${rejected}/activate`).set(adminAuth).send({});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('rejected');
    const otherDomain = await request(app).post(`/v1/admin/models/${a}/activate`).set(adminAuth).send({ domain: 'music' });
    expect(otherDomain.status).toBe(409);
    expect((await request(app).post(`/v1/admin/models/${cnn}/activate`).set(adminAuth).send({})).status).toBe(409);
    const statuses = await database.db.selectFrom('models').select(['id', 'status']).where('domain', '=', 'film').orderBy('id').execute();
    expect(statuses).toEqual([{ id: a, status: 'retired' }, { id: b, status: 'active' }, { id: rejected, status: 'rejected' }]);

    await request(app).post(`/v1/admin/models/${a}/activate`).set(adminAuth).send({ domain: 'film' }).expect(200);
    await request(app).post(`/v1/admin/models/${rejected}/activate`).set(adminAuth).send({ force: true }).expect(200);
    const listed = await request(app).get('/v1/admin/models').query({ domain: 'film' }).set(adminAuth).expect(200);
    expect(listed.body.models.map((m: { id: number; status: string }) => [m.id, m.status])).toEqual([[rejected, 'active'], [b, 'retired'], [a, 'retired']]);
    expect(listed.body.models[0]).not.toHaveProperty('artifact');
  });
});
