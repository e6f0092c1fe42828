import type { TfBackendName } from '../ml/tf-backend-name.ts';
import type { NcfTrainingProgress } from './ncf-training-progress.ts';

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
  readonly history: readonly NcfTrainingProgress[];
}
