import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createInProcessRetrainQueue } from '../../../src/jobs/in-process-retrain-queue.ts';
import type { RetrainJobResult } from '../../../src/jobs/retrain-job.ts';

const logger = pino({ level: 'silent' });
const result = { decision: 'activated' } as RetrainJobResult;

async function until(check: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('in-process retrain queue', () => {
  it('returns the open job of a domain instead of adding a duplicate, and runs jobs to completion', async () => {
    const queue = createInProcessRetrainQueue({ logger });
    const first = await queue.enqueue({ domain: 'film', force: false, requestedBy: 'api' });
    const second = await queue.enqueue({ domain: 'film', force: true, requestedBy: 'api' });
    const music = await queue.enqueue({ domain: 'music', force: false, requestedBy: 'api' });
    expect(second).toEqual({ jobId: first.jobId, deduplicated: true });
    expect(music.deduplicated).toBe(false);
    const handler = vi.fn(async (_data, context) => {
      await context.reportProgress({ phase: 'training', percent: 50 });
      return result;
    });
    await queue.startWorker(handler);
    await until(async () => (await queue.getJob(music.jobId))?.state === 'completed');
    expect(handler).toHaveBeenCalledTimes(2);
    expect(await queue.getJob(first.jobId)).toMatchObject({ state: 'completed', progress: { phase: 'training' }, result, attempts: 1 });
    expect(await queue.getJob('nope')).toBeUndefined();
    await queue.close();
  });

  it('retries a failed job with backoff and records the last error when attempts run out', async () => {
    const queue = createInProcessRetrainQueue({ logger, attempts: 3, backoffMs: 5 });
    let calls = 0;
    await queue.startWorker(async () => {
      calls += 1;
      if (calls < 3) throw new Error(`boom ${calls}`);
      return result;
    });
    const ok = await queue.enqueue({ domain: 'film', force: false, requestedBy: 'api' });
    await until(async () => (await queue.getJob(ok.jobId))?.state === 'completed');
    expect((await queue.getJob(ok.jobId))!.attempts).toBe(3);

    await queue.close();
    const failing = createInProcessRetrainQueue({ logger, attempts: 2, backoffMs: 5 });
    await failing.startWorker(async () => { throw new Error('always'); });
    const bad = await failing.enqueue({ domain: 'music', force: false, requestedBy: 'api' });
    await until(async () => (await failing.getJob(bad.jobId))?.state === 'failed');
    expect(await failing.getJob(bad.jobId)).toMatchObject({ attempts: 2, error: 'always' });
    await failing.close();
  });
});
