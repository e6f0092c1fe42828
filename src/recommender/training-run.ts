import type { TfBackendName } from '../ml/tf-backend-name.ts';
import type { TrainingProgress } from './training-progress.ts';

/** How a training run went, whichever model it trained. */
export interface TrainingRun {
  readonly backend: TfBackendName;
  readonly trainSeconds: number;
  /** Training examples per second over all epochs, input preparation included (what an example is: per model). */
  readonly examplesPerSecond: number;
  readonly examples: number;
  /**
   * CPU time of this process during training (user + system, all threads) and examples per
   * CPU-second: the throughput measure that does not depend on how busy shared cores are.
   */
  readonly cpuSeconds: number;
  readonly examplesPerCpuSecond: number;
  readonly history: readonly TrainingProgress[];
}

const YIELD_EVERY_MS = 200;

/**
 * Times a training run for both trainers: wall and CPU time, examples counted, per-epoch progress (rate, ETA), and
 * yields to the event loop every ~200 ms so a worker stays responsive while it trains.
 *
 * ```ts
 * const clock = new TrainingClock();
 * for (let epoch = 1; epoch <= epochs; epoch++) {
 *   for (const batch of batches) { step(batch); clock.examples += batch.length; await clock.yieldIfDue(); }
 *   await onProgress(clock.epochDone(epoch, epochs, meanLoss, Number.NaN));
 * }
 * return { model, params, ...clock.finish(backend) };
 * ```
 */
export class TrainingClock {
  readonly #started = performance.now();
  readonly #cpuStarted = process.cpuUsage();
  readonly #history: TrainingProgress[] = [];
  #lastYield = this.#started;
  /** Examples trained so far (the trainer adds to it). */
  examples = 0;

  async yieldIfDue(): Promise<void> {
    if (performance.now() - this.#lastYield <= YIELD_EVERY_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#lastYield = performance.now();
  }

  /** The progress of the epoch just finished, recorded for {@link finish}. */
  epochDone(epoch: number, epochs: number, loss: number, valHr10: number): TrainingProgress {
    const elapsedSeconds = (performance.now() - this.#started) / 1000;
    const progress: TrainingProgress = {
      epoch,
      epochs,
      loss,
      valHr10,
      examplesPerSecond: this.examples / elapsedSeconds,
      etaSeconds: (elapsedSeconds / epoch) * (epochs - epoch),
      elapsedSeconds,
    };
    this.#history.push(progress);
    return progress;
  }

  finish(backend: TfBackendName): TrainingRun {
    const trainSeconds = (performance.now() - this.#started) / 1000;
    const cpu = process.cpuUsage(this.#cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      backend,
      trainSeconds,
      examplesPerSecond: this.examples / trainSeconds,
      examples: this.examples,
      cpuSeconds,
      examplesPerCpuSecond: this.examples / cpuSeconds,
      history: this.#history,
    };
  }
}
