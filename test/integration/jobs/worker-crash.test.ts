import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/create-database.ts';
import { createBullRetrainQueue } from '../../../src/jobs/bullmq-retrain-queue.ts';
import type { RetrainQueue } from '../../../src/jobs/retrain-job.ts';
import { seedSmallDemo, trainAndActivate } from '../../helpers/demo-model.ts';
import { openTestDatabase, postgresSkipReason } from '../../helpers/test-database.ts';
import { TEST_REDIS_URL, redisSkipReason } from '../../helpers/test-redis.ts';

const skipReason = postgresSkipReason ?? redisSkipReason;

async function until<T>(check: () => Promise<T | undefined | false>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(skipReason)(`a worker killed mid-training${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let database: DatabaseHandle & { url?: string };
  let queue: RetrainQueue;
  const prefix = `test-crash-${randomBytes(4).toString('hex')}`;
  const children: ChildProcess[] = [];

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'worker'], {
      env: { ...process.env, DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, RETRAIN_LOCK_MS: '2000', RETRAIN_EPOCHS: '30', LOG_LEVEL: 'warn', RETRAIN_CRON: '0 3 1 1 *' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await seedSmallDemo(database.db);
    await trainAndActivate(database.db, { domain: 'film', jobId: 'seed-film' });
    await trainAndActivate(database.db, { domain: 'music', jobId: 'seed-music' });
    queue = createBullRetrainQueue({ url: TEST_REDIS_URL, logger: pino({ level: 'silent' }), prefix });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await (queue as ReturnType<typeof createBullRetrainQueue> | undefined)?.queue.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await database?.close();
  });

  it('keeps the active model, marks the interrupted run, and a retry on another worker succeeds', async () => {
    const activeBefore = await database.db.selectFrom('models').select('id').where('domain', '=', 'film').where('status', '=', 'active').executeTakeFirstOrThrow();
    const first = startWorker();
    const { jobId } = await queue.enqueue({ domain: 'film', force: true, requestedBy: 'script' });
    await until(async () => {
      const run = await database.db.selectFrom('training_runs').select('progress').where('job_id', '=', jobId).executeTakeFirst();
      const progress = run?.progress as { phase?: string; epoch?: number } | undefined;
      return progress?.phase === 'training' && (progress.epoch ?? 0) >= 2;
    }, 90_000, 'training to start');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    const activeAfterCrash = await database.db.selectFrom('models').select('id').where('domain', '=', 'film').where('status', '=', 'active').executeTakeFirstOrThrow();
    expect(activeAfterCrash.id).toBe(activeBefore.id);
    expect((await queue.getJob(jobId))!.state).toBe('active');

    startWorker();
    const done = await until(async () => {
      const job = await queue.getJob(jobId);
      return job && (job.state === 'completed' || job.state === 'failed') ? job : undefined;
    }, 120_000, 'the retried job to finish');
    expect(done.state).toBe('completed');
    expect(done.result).toMatchObject({ decision: 'activated', previousModelId: activeBefore.id });

    const runs = await database.db.selectFrom('training_runs').select(['status', 'error']).where('job_id', '=', jobId).orderBy('id').execute();
    expect(runs).toEqual([
      { status: 'failed', error: 'interrupted: the worker stopped before the run finished' },
      { status: 'activated', error: null },
    ]);
    const activeNow = await database.db.selectFrom('models').select('id').where('domain', '=', 'film').where('status', '=', 'active').executeTakeFirstOrThrow();
    expect(activeNow.id).toBe(done.result!.modelId);
  });
});
