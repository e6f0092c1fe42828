import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createBullRetrainQueue } from '../../../src/jobs/bullmq-retrain-queue.ts';
import type { RetrainJobResult, RetrainQueue } from '../../../src/jobs/retrain-job.ts';
import { TEST_REDIS_URL, redisSkipReason } from '../../helpers/test-redis.ts';

const logger = pino({ level: 'silent' });
const opened: (RetrainQueue & { queue: { obliterate(o: { force: boolean }): Promise<void> } })[] = [];

function openQueue(queueName: string, options: { attempts?: number; backoffMs?: number } = {}) {
  const queue = createBullRetrainQueue({ url: TEST_REDIS_URL, logger, queueName, ...options });
  opened.push(queue);
  return queue;
}

async function until(check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(redisSkipReason)(`BullMQ retrain queue${redisSkipReason ? ` (skipped: ${redisSkipReason})` : ''}`, () => {
  afterEach(async () => {
    const [first] = opened;
    await first?.queue.obliterate({ force: true }).catch(() => undefined);
    for (const queue of opened.splice(0)) await queue.close();
  });

  it('returns the waiting job of a domain instead of a duplicate', async () => {
    const queue = openQueue(`test-dedup-${randomBytes(4).toString('hex')}`);
    const first = await queue.enqueue({ domain: 'film', force: false, requestedBy: 'api' });
    const again = await queue.enqueue({ domain: 'film', force: false, requestedBy: 'script' });
    const music = await queue.enqueue({ domain: 'music', force: false, requestedBy: 'api' });
    expect(first.deduplicated).toBe(false);
    expect(again).toEqual({ jobId: first.jobId, deduplicated: true });
    expect(music.jobId).not.toBe(first.jobId);
    expect(await queue.getJob(first.jobId)).toMatchObject({ state: 'waiting', data: { domain: 'film', requestedBy: 'api' } });
    expect(await queue.getJob('404')).toBeUndefined();
  });

  it('keeps one scheduler per domain across restarts, replaces it when the cron changes, and fires it', async () => {
    const name = `test-schedule-${randomBytes(4).toString('hex')}`;
    const before = openQueue(name);
    await before.schedule('0 3 * * *', ['film', 'music']);
    const restarted = openQueue(name);
    await restarted.schedule('0 3 * * *', ['film', 'music']);
    await restarted.schedule('*/1 * * * * *', ['film', 'music']);
    const schedulers = await restarted.queue.getJobSchedulers();
    expect(schedulers.map((s: { key: string }) => s.key).sort()).toEqual(['retrain-film', 'retrain-music']);
    expect(schedulers.every((s: { pattern?: string | null }) => s.pattern === '*/1 * * * * *')).toBe(true);

    const seen: string[] = [];
    await restarted.startWorker(async (data, context) => {
      seen.push(`${data.domain}:${data.requestedBy}:${context.attempt}`);
      return { decision: 'activated' } as RetrainJobResult;
    });
    await until(async () => seen.length >= 2);
    expect(seen).toEqual(expect.arrayContaining(['film:schedule:1', 'music:schedule:1']));
  });

  it('retries a failing job with backoff and reports progress', async () => {
    const queue = openQueue(`test-retry-${randomBytes(4).toString('hex')}`, { attempts: 3, backoffMs: 20 });
    let calls = 0;
    await queue.startWorker(async (_data, context) => {
      calls += 1;
      await context.reportProgress({ phase: 'training', percent: 10 * calls });
      if (calls < 2) throw new Error('transient');
      return { decision: 'rejected' } as RetrainJobResult;
    });
    const { jobId } = await queue.enqueue({ domain: 'music', force: false, requestedBy: 'api' });
    await until(async () => (await queue.getJob(jobId))?.state === 'completed');
    expect(await queue.getJob(jobId)).toMatchObject({ state: 'completed', attempts: 2, progress: { phase: 'training', percent: 20 }, result: { decision: 'rejected' } });
  });
});
