import type { EvaluationCandidates } from './evaluation-candidates.ts';

/**
 * Options of {@link evaluate}.
 *
 * ```ts
 * const options: EvaluateOptions = { seed: 2017, full: false, users: Int32Array.of(0, 5, 9) };
 * ```
 */
export interface EvaluateOptions {
  /** Seed of the NCF-protocol candidates. Default 2017. Ignored when `candidates` is given. */
  readonly seed?: number;
  /** Sampled candidates per user. Default 99. Ignored when `candidates` is given. */
  readonly negatives?: number;
  /** Precomputed candidates (share them between scorers to save the sampling). */
  readonly candidates?: EvaluationCandidates;
  /** Evaluate only these users (must have a test item). Default: every user with a test item. */
  readonly users?: Int32Array;
  /** Also compute the full-ranking metrics. Default true. */
  readonly full?: boolean;
  /** Users scored per `scoreUsers` call. Default 128. */
  readonly batchSize?: number;
}
