import type { Domain, ModelRow } from '../db/database.ts';
import type { ModelMetrics, RetrainProgress } from './retrain-job.ts';

/** A trained candidate, serialised for the `models` table. */
export interface TrainedCandidate {
  artifact: Uint8Array;
  meta: Record<string, unknown>;
  params: Record<string, unknown>;
  backend: string;
  trainSeconds: number;
  examplesPerSecond: number;
  dispose(): void;
}

/** The data of one run: a snapshot of events up to `watermark`, split for training and evaluation. */
export interface PreparedData {
  domain: Domain;
  watermark: number;
  users: number;
  items: number;
  interactions: number;
}

/**
 * The model-specific work a retrain run does; the job handler owns the order, the bookkeeping and the gate.
 * `evaluateStored` scores a stored model (the active one) on the same split as the candidate.
 */
export interface RetrainSteps<P extends PreparedData = PreparedData, C extends TrainedCandidate = TrainedCandidate> {
  prepare(domain: Domain): Promise<P>;
  train(prepared: P, onProgress: (progress: Omit<RetrainProgress, 'percent' | 'phase'> & { epoch: number; epochs: number }) => Promise<void>): Promise<C>;
  evaluate(prepared: P, candidate: C): Promise<{ candidate: ModelMetrics; itemPop: ModelMetrics }>;
  evaluateStored(prepared: P, model: ModelRow): Promise<ModelMetrics>;
}
