import { Worker } from 'node:worker_threads';

import { adamStepArgs, awaitCommand, COMMAND, createControlBlock, sendCommand, type ControlBlock } from './history-loss-control.ts';
import { forwardRows, logitGradientRows, pairAdamRange, parameterGradients, type AdamStep, type HistoryLossBuffers } from './history-loss-kernels.ts';
import type { ItemPairs } from './item-pairs.ts';

const ANSWER_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 30_000;

/** How much a step may hold: users per step, and kept or target entries over all of them. */
export interface HistoryLossCapacity {
  readonly rows: number;
  readonly entries: number;
}

/**
 * Runs the item-history loss's loops ({@link forwardRows}, the gradient kernels and the pair weights' Adam) on
 * `threads` threads: this one and `threads − 1` helper `worker_threads` over shared buffers, each taking a contiguous
 * share of the rows (the forward pass and the logits' gradient, split by estimated work), of the items (the bias and
 * pair gradients, the latter split by the step's pair work) or of the pair weights (Adam). Every value is computed in
 * the same order whatever the thread count, so results do not depend on it. The main thread blocks while the helpers
 * work (tens of milliseconds a call). `close()` stops the helpers.
 *
 * ```ts
 * const threads = await HistoryLossThreads.start(numItems, pairs, { rows: 256, entries: positives }, 2);
 * try { ... historyLossOp(tf, threads) ... } finally { await threads.close(); }
 * ```
 */
export class HistoryLossThreads {
  readonly buffers: HistoryLossBuffers;
  readonly #helpers: readonly { worker: Worker; control: ControlBlock }[];
  /** The last forward pass's row boundaries, which its gradients reuse. */
  #rowCuts: number[] = [];

  private constructor(buffers: HistoryLossBuffers, helpers: readonly { worker: Worker; control: ControlBlock }[]) {
    this.buffers = buffers;
    this.#helpers = helpers;
  }

  /** Allocates the buffers and starts the helpers; rejects (stopping any started) if one does not start within 30 s. */
  static async start(numItems: number, pairs: Pick<ItemPairs, 'offsets' | 'items'>, capacity: HistoryLossCapacity, threads: number): Promise<HistoryLossThreads> {
    const shared = threads > 1;
    const floats = (length: number) => (shared ? new Float32Array(new SharedArrayBuffer(4 * length)) : new Float32Array(length));
    const doubles = (length: number) => (shared ? new Float64Array(new SharedArrayBuffer(8 * length)) : new Float64Array(length));
    const ints = (length: number) => (shared ? new Int32Array(new SharedArrayBuffer(4 * length)) : new Int32Array(length));
    const copy = (values: Int32Array) => {
      const out = ints(values.length);
      out.set(values);
      return out;
    };
    const buffers: HistoryLossBuffers = {
      numItems,
      pairOffsets: copy(pairs.offsets),
      pairItems: copy(pairs.items),
      bias: floats(numItems),
      pairValues: floats(pairs.items.length),
      keptItems: ints(capacity.entries),
      keptOffsets: ints(capacity.rows + 1),
      targetItems: ints(capacity.entries),
      targetOffsets: ints(capacity.rows + 1),
      scale: floats(capacity.rows),
      exps: floats(capacity.rows * numItems),
      inverseSums: doubles(capacity.rows),
      rowLosses: doubles(capacity.rows),
      dBias: floats(numItems),
      dPairs: floats(pairs.items.length),
      pairFirstMoments: floats(pairs.items.length),
      pairSecondMoments: floats(pairs.items.length),
    };
    const helpers = Array.from({ length: threads - 1 }, () => {
      const control = createControlBlock();
      return { worker: new Worker(new URL('./history-loss-worker.mjs', import.meta.url), { workerData: { buffers, control } }), control };
    });
    try {
      await Promise.all(helpers.map(({ worker }) => started(worker)));
    } catch (error) {
      await Promise.all(helpers.map(({ worker }) => worker.terminate()));
      throw error;
    }
    return new HistoryLossThreads(buffers, helpers);
  }

  get threads(): number {
    return this.#helpers.length + 1;
  }

  /** The forward pass over the step's first `rows` rows (inputs already written); returns the summed row losses. */
  forward(rows: number): number {
    this.#rowCuts = this.#forwardCuts(rows);
    this.#acrossRows(COMMAND.forward, (from, to) => forwardRows(this.buffers, from, to));
    let loss = 0;
    for (let r = 0; r < rows; r++) loss += this.buffers.rowLosses[r]!;
    return loss;
  }

  /**
   * The gradients, for a loss scaled by `g` per target, of the last {@link forward} pass's `rows` rows: the logits'
   * (in `exps`), the bias' and the pair weights'.
   */
  gradients(rows: number, g: number): void {
    if (this.#rowCuts[this.threads] !== rows) throw new Error(`gradients of ${rows} rows after a forward pass of ${this.#rowCuts[this.threads]}`);
    this.#acrossRows(COMMAND.logitGradients, (from, to) => logitGradientRows(this.buffers, g, from, to), [g]);
    const pairCuts = this.#pairCuts(rows);
    this.#run(
      COMMAND.parameterGradients,
      (share) => [rows, ...this.#evenShare(this.buffers.numItems, share), pairCuts[share]!, pairCuts[share + 1]!],
      (args) => parameterGradients(this.buffers, args[0]!, args[1]!, args[2]!, args[3]!, args[4]!),
    );
  }

  /** Adam's step on the pair weights (`pairValues`) from the last {@link gradients}' `dPairs`. */
  updatePairs(step: AdamStep): void {
    const length = this.buffers.pairValues.length;
    this.#run(COMMAND.pairAdam, (share) => [...this.#evenShare(length, share), ...adamStepArgs(step)], (args) => pairAdamRange(this.buffers, step, args[0]!, args[1]!));
  }

  async close(): Promise<void> {
    await Promise.all(this.#helpers.map(({ worker }) => worker.terminate()));
  }

  #acrossRows(command: number, own: (from: number, to: number) => void, extra: readonly number[] = []): void {
    const cuts = this.#rowCuts;
    this.#run(command, (share) => [cuts[share]!, cuts[share + 1]!, ...extra], (args) => own(args[0]!, args[1]!));
  }

  /** `[from, to)` of share `share` of `length` equal parts. */
  #evenShare(length: number, share: number): [number, number] {
    return [Math.floor((share * length) / this.threads), Math.floor(((share + 1) * length) / this.threads)];
  }

  /** Row boundaries that split the forward pass's work (a dense row plus the row's pair terms) evenly. */
  #forwardCuts(rows: number): number[] {
    if (this.threads === 1) return [0, rows];
    const { numItems, pairOffsets, keptItems, keptOffsets } = this.buffers;
    const work = new Float64Array(rows);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      let pairTerms = 0;
      for (let e = keptOffsets[r]!; e < keptOffsets[r + 1]!; e++) pairTerms += pairOffsets[keptItems[e]! + 1]! - pairOffsets[keptItems[e]!]!;
      work[r] = numItems + pairTerms;
      total += work[r]!;
    }
    return evenCuts(work, total, this.threads);
  }

  /** Sends each helper its share's arguments, runs share 0 here, and waits for the helpers. */
  #run(command: number, argsOf: (share: number) => number[], own: (args: number[]) => void): void {
    this.#helpers.forEach(({ control }, k) => sendCommand(control, command, argsOf(k + 1)));
    own(argsOf(0));
    for (const { control } of this.#helpers) awaitCommand(control, ANSWER_TIMEOUT_MS);
  }

  /** Item boundaries that split the step's pair-gradient work (kept entries × pair-row length) evenly. */
  #pairCuts(rows: number): number[] {
    const { numItems, pairOffsets, keptItems, keptOffsets } = this.buffers;
    if (this.threads === 1) return [0, numItems];
    const work = new Float64Array(numItems);
    let total = 0;
    for (let e = 0; e < keptOffsets[rows]!; e++) {
      const j = keptItems[e]!;
      const length = pairOffsets[j + 1]! - pairOffsets[j]!;
      work[j]! += length;
      total += length;
    }
    return evenCuts(work, total, this.threads);
  }
}

/** `shares + 1` boundaries in `[0, work.length]` that split `work` (summing to `total`) into shares of about equal sum. */
function evenCuts(work: Float64Array, total: number, shares: number): number[] {
  const cuts = [0];
  let sum = 0;
  for (let k = 0; k < work.length && cuts.length < shares; k++) {
    sum += work[k]!;
    if (sum >= (cuts.length * total) / shares) cuts.push(k + 1);
  }
  while (cuts.length <= shares) cuts.push(work.length);
  cuts[shares] = work.length;
  return cuts;
}

function started(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a history-loss helper thread did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    worker.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
