import type { Domain } from '../db/database.ts';

/** BullMQ queue and job names of the retraining job. */
export const RETRAIN_QUEUE = 'streamrec-retrain';
export const RETRAIN_JOB = 'retrain';

/** What a retrain job is asked to do. */
export interface RetrainJobData {
  domain: Domain;
  /** Activate even if the quality gate says no. */
  force: boolean;
  requestedBy: 'schedule' | 'api' | 'script';
}

export type RetrainPhase = 'queued' | 'loading' | 'training' | 'evaluating' | 'gating' | 'publishing' | 'done';

/** Reported through `job.updateProgress` and stored in `training_runs.progress`. */
export interface RetrainProgress {
  phase: RetrainPhase;
  /** 0..100 over the whole job. */
  percent: number;
  epoch?: number;
  epochs?: number;
  loss?: number;
  valHr10?: number;
  examplesPerSecond?: number;
  etaSeconds?: number;
  metrics?: Record<string, number>;
  message?: string;
}

/** Metrics of one model under the evaluation protocol (keys as in `npm run evaluate --json`). */
export type ModelMetrics = Record<'hr@10' | 'ndcg@10' | 'full_hr@10' | 'full_ndcg@10' | 'recall@20', number>;

/** What a finished retrain job returns. */
export interface RetrainJobResult {
  runId: number;
  domain: Domain;
  decision: 'activated' | 'rejected';
  reason: string;
  modelId: number;
  previousModelId: number | null;
  candidate: ModelMetrics;
  active: ModelMetrics | null;
  itemPop: ModelMetrics;
  watermark: number;
  trainSeconds: number;
  seconds: number;
}

/** Job states as BullMQ names them. */
export type RetrainJobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed' | 'unknown';

/** A job as the admin API and the retrain script show it. */
export interface RetrainJobView {
  id: string;
  state: RetrainJobState;
  data: RetrainJobData;
  progress: RetrainProgress | null;
  result: RetrainJobResult | null;
  error: string | null;
  attempts: number;
  createdAt: string;
  finishedAt: string | null;
}

/** How a job handler reports progress and learns which attempt it is. */
export interface RetrainJobContext {
  jobId: string;
  attempt: number;
  reportProgress(progress: RetrainProgress): Promise<void>;
}

export type RetrainHandler = (data: RetrainJobData, context: RetrainJobContext) => Promise<RetrainJobResult>;

/** The retrain queue behind either BullMQ on Redis or the in-process embedded default. */
export interface RetrainQueue {
  readonly kind: 'redis' | 'in-process';
  /** Adds a job unless one for the same domain is waiting or running, in which case that one is returned. */
  enqueue(data: RetrainJobData): Promise<{ jobId: string; deduplicated: boolean }>;
  getJob(id: string): Promise<RetrainJobView | undefined>;
  /** Creates or replaces the schedule of each domain (one scheduler per domain, never a duplicate). */
  schedule(cron: string, domains: readonly Domain[]): Promise<void>;
  /** Starts processing jobs in this process. */
  startWorker(handler: RetrainHandler): Promise<void>;
  close(): Promise<void>;
}
