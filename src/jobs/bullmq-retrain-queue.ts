import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Domain } from '../db/database.ts';
import {
  RETRAIN_JOB, RETRAIN_QUEUE,
  type RetrainHandler, type RetrainJobData, type RetrainJobResult, type RetrainJobView, type RetrainProgress, type RetrainQueue,
} from './retrain-job.ts';

export interface BullRetrainQueueOptions {
  url: string;
  logger: Logger;
  /** Attempts per job, the first included. */
  attempts?: number;
  backoffMs?: number;
  /** How long a worker's lock lasts without renewal; a killed worker's job is retried after it. */
  lockDurationMs?: number;
  queueName?: string;
  /** Redis key prefix, so several deployments (or test runs) can share one Redis. */
  prefix?: string;
}

function deduplicationId(domain: Domain): string {
  return `retrain:${domain}`;
}

/**
 * The job's view, its state read before its data: the job and its state are two reads, and a job that finishes
 * between them would otherwise show as completed with no result yet. A finished job no longer changes.
 */
export async function jobView(queue: Pick<Queue<RetrainJobData, RetrainJobResult>, 'getJob' | 'getJobState'>, id: string): Promise<RetrainJobView | undefined> {
  const state = await queue.getJobState(id);
  const job = await queue.getJob(id);
  if (!job) return undefined;
  return {
    id: String(job.id),
    state: (['waiting', 'delayed', 'active', 'completed', 'failed'] as const).find((known) => known === state) ?? (state === 'prioritized' || state === 'waiting-children' ? 'waiting' : 'unknown'),
    data: job.data,
    progress: typeof job.progress === 'object' ? (job.progress as unknown as RetrainProgress) : null,
    result: job.returnvalue ?? null,
    error: job.failedReason || null,
    attempts: job.attemptsMade,
    createdAt: new Date(job.timestamp).toISOString(),
    finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  };
}

/**
 * The retrain queue on Redis with BullMQ: deduplicated per domain, retried with exponential backoff, scheduled
 * with one job scheduler per domain.
 *
 * ```ts
 * const queue = createBullRetrainQueue({ url: 'redis://127.0.0.1:6379', logger });
 * const { jobId } = await queue.enqueue({ domain: 'film', force: false, requestedBy: 'api' });
 * ```
 */
export function createBullRetrainQueue(options: BullRetrainQueueOptions): RetrainQueue & { readonly queue: Queue } {
  const name = options.queueName ?? RETRAIN_QUEUE;
  const connection = new Redis(options.url, { maxRetriesPerRequest: null });
  connection.on('error', (error) => options.logger.warn({ err: error }, 'redis connection error (queue)'));
  const prefix = options.prefix ?? 'streamrec';
  const queue = new Queue<RetrainJobData, RetrainJobResult>(name, { connection, prefix });
  queue.on('error', (error) => options.logger.warn({ err: error }, 'retrain queue error'));
  const jobOptions = {
    attempts: options.attempts ?? 3,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 30_000 },
    removeOnComplete: { age: 30 * 86_400, count: 500 },
    removeOnFail: { age: 30 * 86_400, count: 500 },
  } as const;
  let worker: Worker<RetrainJobData, RetrainJobResult> | undefined;

  return {
    kind: 'redis',
    queue: queue as unknown as Queue,
    async enqueue(data) {
      const existing = await queue.getDeduplicationJobId(deduplicationId(data.domain));
      const job = await queue.add(RETRAIN_JOB, data, { ...jobOptions, deduplication: { id: deduplicationId(data.domain) } });
      return { jobId: String(job.id), deduplicated: existing !== null && String(existing) === String(job.id) };
    },
    async getJob(id) {
      return jobView(queue, id);
    },
    async schedule(cron, domains) {
      for (const domain of domains) {
        await queue.upsertJobScheduler(`retrain-${domain}`, { pattern: cron }, {
          name: RETRAIN_JOB,
          data: { domain, force: false, requestedBy: 'schedule' },
          opts: jobOptions,
        });
      }
    },
    async startWorker(handler: RetrainHandler) {
      const lockMs = options.lockDurationMs ?? 120_000;
      const workerConnection = new Redis(options.url, { maxRetriesPerRequest: null });
      workerConnection.on('error', (error) => options.logger.warn({ err: error }, 'redis connection error (worker)'));
      worker = new Worker<RetrainJobData, RetrainJobResult>(
        name,
        async (job) => {
          const others = (await queue.getActive()).filter((other) => other.id !== job.id && other.data.domain === job.data.domain);
          if (job.data.requestedBy === 'schedule' && others.length > 0) {
            throw new UnrecoverableError(`skipped: job ${others[0]!.id} is already retraining ${job.data.domain}`);
          }
          return handler(job.data, {
            jobId: String(job.id),
            attempt: job.attemptsMade + 1,
            reportProgress: (progress) => job.updateProgress(progress as unknown as object),
          });
        },
        { connection: workerConnection, prefix, concurrency: 1, lockDuration: lockMs, stalledInterval: Math.min(30_000, lockMs), maxStalledCount: 2 },
      );
      worker.on('failed', (job, error) => options.logger.warn({ jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'retrain attempt failed'));
      worker.on('error', (error) => options.logger.warn({ err: error }, 'retrain worker error'));
      await worker.waitUntilReady();
    },
    async close() {
      await worker?.close(true);
      await queue.close();
      connection.disconnect();
    },
  };
}
