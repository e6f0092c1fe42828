import { CronExpressionParser } from 'cron-parser';
import type { Logger } from 'pino';
import type { Domain } from '../db/database.ts';
import type { RetrainHandler, RetrainJobData, RetrainJobView, RetrainQueue } from './retrain-job.ts';

export interface InProcessRetrainQueueOptions {
  logger: Logger;
  attempts?: number;
  backoffMs?: number;
  /** Finished jobs kept for `getJob`. */
  keep?: number;
}

/**
 * The embedded default without Redis: the same job handler, deduplication, retries and cron schedule, in this
 * process. Jobs run one at a time.
 *
 * ```ts
 * const queue = createInProcessRetrainQueue({ logger });
 * await queue.startWorker(handler);
 * await queue.schedule('0 3 * * *', ['film', 'music']);
 * ```
 */
export function createInProcessRetrainQueue(options: InProcessRetrainQueueOptions): RetrainQueue {
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 30_000;
  const jobs = new Map<string, RetrainJobView>();
  const pending: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let handler: RetrainHandler | undefined;
  let running: Promise<void> | undefined;
  let sequence = 0;
  let closed = false;
  let scheduleTimer: NodeJS.Timeout | undefined;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    timers.add(timer);
  };

  const forget = () => {
    const finished = [...jobs.values()].filter((job) => job.state === 'completed' || job.state === 'failed');
    for (const job of finished.slice(0, Math.max(0, finished.length - (options.keep ?? 200)))) jobs.delete(job.id);
  };

  async function runJob(job: RetrainJobView): Promise<void> {
    job.state = 'active';
    job.attempts += 1;
    try {
      job.result = await handler!(job.data, {
        jobId: job.id,
        attempt: job.attempts,
        reportProgress: async (progress) => {
          job.progress = progress;
        },
      });
      job.state = 'completed';
      job.finishedAt = new Date().toISOString();
    } catch (error) {
      job.error = error instanceof Error ? error.message : String(error);
      options.logger.warn({ jobId: job.id, attempt: job.attempts, err: error }, 'retrain attempt failed');
      if (job.attempts < attempts && !closed) {
        job.state = 'delayed';
        later(backoffMs * 2 ** (job.attempts - 1), () => {
          job.state = 'waiting';
          pending.push(job.id);
          drain();
        });
      } else {
        job.state = 'failed';
        job.finishedAt = new Date().toISOString();
      }
    }
    forget();
  }

  function drain(): void {
    if (running || !handler || closed) return;
    const id = pending.shift();
    if (id === undefined) return;
    running = runJob(jobs.get(id)!).finally(() => {
      running = undefined;
      drain();
    });
  }

  function enqueueNow(data: RetrainJobData): { jobId: string; deduplicated: boolean } {
    const open = [...jobs.values()].find((job) => job.data.domain === data.domain && ['waiting', 'delayed', 'active'].includes(job.state));
    if (open) return { jobId: open.id, deduplicated: true };
    const id = `local-${++sequence}`;
    jobs.set(id, { id, state: 'waiting', data, progress: null, result: null, error: null, attempts: 0, createdAt: new Date().toISOString(), finishedAt: null });
    pending.push(id);
    drain();
    return { jobId: id, deduplicated: false };
  }

  return {
    kind: 'in-process',
    async enqueue(data) {
      return enqueueNow(data);
    },
    async getJob(id) {
      const job = jobs.get(id);
      return job ? structuredClone(job) : undefined;
    },
    async schedule(cron, domains: readonly Domain[]) {
      const expression = CronExpressionParser.parse(cron);
      clearTimeout(scheduleTimer);
      const next = () => {
        if (closed) return;
        scheduleTimer = setTimeout(() => {
          for (const domain of domains) enqueueNow({ domain, force: false, requestedBy: 'schedule' });
          next();
        }, Math.max(0, expression.next().getTime() - Date.now()));
        scheduleTimer.unref();
      };
      next();
    },
    async startWorker(jobHandler) {
      handler = jobHandler;
      drain();
    },
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      clearTimeout(scheduleTimer);
    },
  };
}
