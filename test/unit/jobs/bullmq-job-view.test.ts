import type { Job, Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { jobView } from '../../../src/jobs/bullmq-retrain-queue.ts';
import type { RetrainJobData, RetrainJobResult } from '../../../src/jobs/retrain-job.ts';

type RetrainQueueReads = Pick<Queue<RetrainJobData, RetrainJobResult>, 'getJob' | 'getJobState'>;

/** A job that finishes right after the first read of the queue, whichever read that is. */
function jobFinishingAfterFirstRead(): RetrainQueueReads {
  const result = { decision: 'activated', modelId: 7 } as unknown as RetrainJobResult;
  let finished = false;
  const read = <T>(value: () => T): Promise<T> => {
    const answer = value();
    finished = true;
    return Promise.resolve(answer);
  };
  return {
    getJobState: () => read(() => (finished ? 'completed' : 'active')),
    getJob: () =>
      read(
        () =>
          ({
            id: 'job-1',
            data: { domain: 'film', force: true, requestedBy: 'script' },
            progress: 0,
            returnvalue: finished ? result : undefined,
            failedReason: undefined,
            attemptsMade: 0,
            timestamp: 0,
            finishedOn: finished ? 1 : undefined,
          }) as unknown as Job<RetrainJobData, RetrainJobResult>,
      ),
  } as RetrainQueueReads;
}

describe('jobView', () => {
  it('never shows a job as completed without its result when the job finishes between the two reads', async () => {
    const view = await jobView(jobFinishingAfterFirstRead(), 'job-1');
    expect(view).toBeDefined();
    expect(view!.state === 'completed' && view!.result === null).toBe(false);
    expect(view!.state).toBe('active');
  });
});
