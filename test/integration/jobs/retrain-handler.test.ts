import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/create-database.ts';
import type { ModelRow } from '../../../src/db/database.ts';
import { createLocalActivationBus, type ModelActivated } from '../../../src/jobs/model-activation-bus.ts';
import { createRetrainHandler } from '../../../src/jobs/retrain-handler.ts';
import type { ModelMetrics, RetrainProgress } from '../../../src/jobs/retrain-job.ts';
import type { PreparedData, RetrainSteps } from '../../../src/jobs/retrain-steps.ts';
import { databaseKinds, openTestDatabase, postgresSkipReason } from '../../helpers/test-database.ts';

const metrics = (hr: number): ModelMetrics => ({ 'hr@10': hr, 'ndcg@10': hr / 2, 'full_hr@10': hr / 3, 'full_ndcg@10': hr / 6, 'recall@20': hr / 3 });

/** Steps whose candidate quality the test dictates; stored models score what their artifact says. */
function fakeSteps(options: { candidateHr: number; failAt?: 'prepare' | 'train' }): RetrainSteps & { disposed: number } {
  const state = { disposed: 0 };
  const prepared: PreparedData = { domain: 'film', watermark: 42, users: 3, items: 4, interactions: 9 };
  return {
    get disposed() { return state.disposed; },
    async prepare() {
      if (options.failAt === 'prepare') throw new Error('database went away');
      return prepared;
    },
    async train(_prepared, onProgress) {
      for (let epoch = 1; epoch <= 2; epoch++) await onProgress({ epoch, epochs: 2, loss: 0.5 / epoch });
      if (options.failAt === 'train') throw new Error('NaN loss');
      return { artifact: new TextEncoder().encode(String(options.candidateHr)), meta: {}, params: { epochs: 2 }, backend: 'cpu', trainSeconds: 1, examplesPerSecond: 100, dispose: () => { state.disposed += 1; } };
    },
    async evaluate() {
      return { candidate: metrics(options.candidateHr), itemPop: metrics(0.3) };
    },
    async evaluateStored(_prepared, model: ModelRow) {
      return metrics(Number(new TextDecoder().decode(model.artifact)));
    },
  };
}

describe.each(databaseKinds)('retrain handler on $kind', ({ kind, skip }) => {
  if (skip) it.skip(`skipped: ${postgresSkipReason}`, () => undefined);
  if (skip) return;
  let database: DatabaseHandle;
  const published: ModelActivated[] = [];
  const bus = createLocalActivationBus();
  bus.subscribe((event) => published.push(event));
  const progress: RetrainProgress[] = [];
  const context = (jobId: string) => ({ jobId, attempt: 1, reportProgress: async (p: RetrainProgress) => { progress.push(p); } });
  const handlerWith = (steps: RetrainSteps) => createRetrainHandler({ db: database.db, steps, bus, gateTolerance: 0.01, logger: pino({ level: 'silent' }) });
  const data = { domain: 'film' as const, force: false, requestedBy: 'api' as const };

  beforeAll(async () => { database = await openTestDatabase(kind); });
  afterAll(() => database?.close());

  it('activates a first model that beats ItemPop, reporting every phase', async () => {
    const steps = fakeSteps({ candidateHr: 0.6 });
    const result = await handlerWith(steps)(data, context('job-1'));
    expect(result).toMatchObject({ decision: 'activated', previousModelId: null, watermark: 42 });
    expect(published).toEqual([{ kind: 'recommender', domain: 'film', modelId: result.modelId }]);
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['loading', 'training', 'evaluating', 'gating', 'publishing', 'done']));
    expect(steps.disposed).toBe(1);
    const run = await database.db.selectFrom('training_runs').selectAll().where('job_id', '=', 'job-1').executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'activated', model_id: result.modelId, watermark: 42, error: null });
    expect(run.progress).toMatchObject({ phase: 'done', percent: 100 });
  });

  it('activates a better model and retires the old one', async () => {
    const first = await database.db.selectFrom('models').select('id').where('status', '=', 'active').executeTakeFirstOrThrow();
    const result = await handlerWith(fakeSteps({ candidateHr: 0.65 }))(data, context('job-2'));
    expect(result).toMatchObject({ decision: 'activated', previousModelId: first.id, active: { 'hr@10': 0.6 } });
    const rows = await database.db.selectFrom('models').select(['id', 'status']).orderBy('id').execute();
    expect(rows.map((row) => row.status)).toEqual(['retired', 'active']);
  });

  it('stores a worse model as rejected with the reason and keeps the active one', async () => {
    const before = published.length;
    const result = await handlerWith(fakeSteps({ candidateHr: 0.5 }))(data, context('job-3'));
    expect(result.decision).toBe('rejected');
    expect(published.length).toBe(before);
    const rejected = await database.db.selectFrom('models').select(['status', 'reason']).where('id', '=', result.modelId).executeTakeFirstOrThrow();
    expect(rejected).toMatchObject({ status: 'rejected', reason: expect.stringContaining('below the active model') });
    const active = await database.db.selectFrom('models').select('id').where('status', '=', 'active').executeTakeFirstOrThrow();
    expect(active.id).toBe(result.previousModelId);
  });

  it('force activates a worse model', async () => {
    const result = await handlerWith(fakeSteps({ candidateHr: 0.2 }))({ ...data, force: true }, context('job-4'));
    expect(result).toMatchObject({ decision: 'activated', reason: expect.stringMatching(/^forced/) });
  });

  it('records a failed run and leaves the active model in place', async () => {
    const active = await database.db.selectFrom('models').select('id').where('status', '=', 'active').executeTakeFirstOrThrow();
    const steps = fakeSteps({ candidateHr: 0.9, failAt: 'train' });
    await expect(handlerWith(steps)(data, context('job-5'))).rejects.toThrow('NaN loss');
    await expect(handlerWith(fakeSteps({ candidateHr: 0.9, failAt: 'prepare' }))(data, context('job-6'))).rejects.toThrow('database went away');
    const runs = await database.db.selectFrom('training_runs').select(['job_id', 'status', 'error', 'finished_at']).where('job_id', 'in', ['job-5', 'job-6']).orderBy('job_id').execute();
    expect(runs).toMatchObject([{ status: 'failed', error: 'NaN loss' }, { status: 'failed', error: 'database went away' }]);
    expect(runs.every((run) => run.finished_at instanceof Date)).toBe(true);
    const still = await database.db.selectFrom('models').select('id').where('status', '=', 'active').executeTakeFirstOrThrow();
    expect(still.id).toBe(active.id);
  });
});
