import { describe, expect, it } from 'vitest';
import { decideActivation } from '../../../src/jobs/quality-gate.ts';
import type { ModelMetrics } from '../../../src/jobs/retrain-job.ts';

const metrics = (hr: number): ModelMetrics => ({ 'hr@10': hr, 'ndcg@10': hr / 2, 'full_hr@10': hr / 3, 'full_ndcg@10': hr / 6, 'recall@20': hr / 3 });
const itemPop = metrics(0.4);

describe('decideActivation', () => {
  it('accepts a first model only if it beats ItemPop', () => {
    expect(decideActivation({ candidate: metrics(0.5), active: null, itemPop, tolerance: 0.01, force: false }).activate).toBe(true);
    expect(decideActivation({ candidate: metrics(0.4), active: null, itemPop, tolerance: 0.01, force: false })).toMatchObject({ activate: false, reason: expect.stringContaining('ItemPop') });
  });

  it('accepts a candidate within the tolerance of the active model and rejects a worse one', () => {
    expect(decideActivation({ candidate: metrics(0.645), active: metrics(0.65), itemPop, tolerance: 0.01, force: false }).activate).toBe(true);
    expect(decideActivation({ candidate: metrics(0.7), active: metrics(0.65), itemPop, tolerance: 0.01, force: false }).activate).toBe(true);
    const worse = decideActivation({ candidate: metrics(0.62), active: metrics(0.65), itemPop, tolerance: 0.01, force: false });
    expect(worse.activate).toBe(false);
    expect(worse.reason).toContain('more than 0.01 below');
  });

  it('lets force override a rejection and says so', () => {
    const forced = decideActivation({ candidate: metrics(0.1), active: metrics(0.65), itemPop, tolerance: 0.01, force: true });
    expect(forced).toMatchObject({ activate: true, reason: expect.stringMatching(/^forced/) });
  });
});
