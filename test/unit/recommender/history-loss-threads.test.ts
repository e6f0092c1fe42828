import { describe, expect, it } from 'vitest';
import { HistoryLossThreads } from '../../../src/recommender/history-loss-threads.ts';
import { createSeededRandom } from '../../../src/recommender/seeded-random.ts';

// 40 items with random pair rows, 9 rows (users) with random kept items and targets.
const numItems = 40;
const random = createSeededRandom(5);
const rowsOfPairs = Array.from({ length: numItems }, () => Array.from(new Set(Array.from({ length: random.int(12) }, () => random.int(numItems)))).sort((a, b) => a - b));
const pairs = {
  offsets: Int32Array.from([0, ...rowsOfPairs.map((_, j) => rowsOfPairs.slice(0, j + 1).reduce((sum, row) => sum + row.length, 0))]),
  items: Int32Array.from(rowsOfPairs.flat()),
};
const rows = 9;
const kept = Array.from({ length: rows }, () => Int32Array.from(new Set(Array.from({ length: 1 + random.int(6) }, () => random.int(numItems)))));
const targets = Array.from({ length: rows }, () => Int32Array.from(new Set(Array.from({ length: 1 + random.int(8) }, () => random.int(numItems)))));
const entries = targets.reduce((sum, t) => sum + t.length, 0) + kept.reduce((sum, k) => sum + k.length, 0);

/** Runs one step's forward pass and gradients on `threads` threads; returns every output buffer. */
async function step(threads: number) {
  const lossThreads = await HistoryLossThreads.start(numItems, pairs, { rows, entries }, threads);
  try {
    const b = lossThreads.buffers;
    const values = createSeededRandom(9);
    for (let i = 0; i < rows * numItems; i++) b.exps[i] = 4 * values.next() - 2;
    for (let i = 0; i < numItems; i++) b.bias[i] = values.next() - 0.5;
    for (let k = 0; k < pairs.items.length; k++) b.pairValues[k] = values.next() - 0.5;
    const flatten = (lists: Int32Array[], items: Int32Array, offsets: Int32Array) =>
      lists.reduce((at, list, r) => {
        offsets[r] = at;
        items.set(list, at);
        offsets[r + 1] = at + list.length;
        return at + list.length;
      }, 0);
    flatten(kept, b.keptItems, b.keptOffsets);
    flatten(targets, b.targetItems, b.targetOffsets);
    b.scale.set(kept.map((k) => k.length ** -0.5));
    const loss = lossThreads.forward(rows);
    const probabilities = Array.from(b.exps.subarray(0, rows * numItems));
    lossThreads.gradients(rows, 1 / rows);
    const dLogits = Array.from(b.exps.subarray(0, rows * numItems));
    lossThreads.updatePairs({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, correction1: 0.1, correction2: 0.001 });
    return { loss, probabilities, dLogits, dBias: Array.from(b.dBias), dPairs: Array.from(b.dPairs), pairValues: Array.from(b.pairValues) };
  } finally {
    await lossThreads.close();
  }
}

describe('HistoryLossThreads', () => {
  it('gives the same forward pass, gradients and pair-weight update, to the bit, on one, two and three threads', async () => {
    const one = await step(1);
    expect(Number.isFinite(one.loss)).toBe(true);
    expect(one.dPairs.some((d) => d !== 0)).toBe(true);
    expect(await step(2)).toEqual(one);
    expect(await step(3)).toEqual(one);
  });
});
