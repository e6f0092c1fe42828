import type { ModelMetrics } from './retrain-job.ts';

export interface GateInput {
  candidate: ModelMetrics;
  /** The active model's metrics on the same split, or null for a domain's first model. */
  active: ModelMetrics | null;
  itemPop: ModelMetrics;
  tolerance: number;
  force: boolean;
}

/**
 * Decides whether a candidate replaces the active model: its HR@10 may be lower than the active model's by at most
 * `tolerance`; a domain's first model must beat ItemPop; `force` overrides.
 *
 * ```ts
 * decideActivation({ candidate, active, itemPop, tolerance: 0.01, force: false }); // { activate: true, reason: '...' }
 * ```
 */
export function decideActivation(input: GateInput): { activate: boolean; reason: string } {
  const hr = (metrics: ModelMetrics) => metrics['hr@10'].toFixed(4);
  const verdict = (() => {
    if (input.active === null) {
      return input.candidate['hr@10'] > input.itemPop['hr@10']
        ? { activate: true, reason: `first model: HR@10 ${hr(input.candidate)} beats ItemPop ${hr(input.itemPop)}` }
        : { activate: false, reason: `first model: HR@10 ${hr(input.candidate)} does not beat ItemPop ${hr(input.itemPop)}` };
    }
    const floor = input.active['hr@10'] - input.tolerance;
    return input.candidate['hr@10'] >= floor
      ? { activate: true, reason: `HR@10 ${hr(input.candidate)} is within ${input.tolerance} of the active model's ${hr(input.active)}` }
      : { activate: false, reason: `HR@10 ${hr(input.candidate)} is more than ${input.tolerance} below the active model's ${hr(input.active)}` };
  })();
  if (input.force && !verdict.activate) return { activate: true, reason: `forced (${verdict.reason})` };
  return verdict;
}
