import type { DatasetSplit } from './dataset-split.ts';
import type { EvaluationCandidates } from './evaluation-candidates.ts';
import { sampleEvaluationCandidates } from './sample-evaluation-candidates.ts';

/** Users whose HR@10 a trainer reports per epoch, with their sampled candidates. */
export interface Validation {
  readonly users: Int32Array;
  readonly candidates: EvaluationCandidates;
}

/**
 * The validation users of a trainer's options: a number picks that many users with a test item, evenly spread; null
 * when none. Reporting only: training never looks at them.
 *
 * ```ts
 * const validation = pickValidation(split, { validationUsers: 200 });
 * ```
 */
export function pickValidation(split: DatasetSplit, options: { validationUsers?: number | Int32Array; validationCandidates?: EvaluationCandidates }): Validation | null {
  const requested = options.validationUsers ?? 0;
  let users: Int32Array;
  if (typeof requested === 'number') {
    if (requested <= 0) return null;
    const eligible = Array.from({ length: split.numUsers }, (_, u) => u).filter((u) => split.testItem[u]! >= 0);
    const step = Math.max(1, eligible.length / requested);
    const picked: number[] = [];
    for (let x = 0; x < eligible.length && picked.length < requested; x += step) picked.push(eligible[Math.floor(x)]!);
    users = Int32Array.from(picked);
  } else {
    users = requested;
  }
  if (users.length === 0) return null;
  return { users, candidates: options.validationCandidates ?? sampleEvaluationCandidates(split, { users }) };
}
