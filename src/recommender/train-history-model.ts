import { initTensorFlow } from '../ml/init-tensorflow.ts';
import type { TfBackendName } from '../ml/tf-backend-name.ts';
import type { tf as TfNamespace } from '../ml/tf.ts';
import type { DatasetSplit } from './dataset-split.ts';
import { DEFAULT_HISTORY_MODEL_PARAMS, type HistoryModelParams } from './history-model-params.ts';
import type { HistoryModelWeights, HistoryPairTerms } from './history-model.ts';
import { easeWeights } from './ease-weights.ts';
import { evaluate } from './evaluate.ts';
import { historyModelScorer } from './history-model-scorer.ts';
import { itemPairsOf, type ItemPairs } from './item-pairs.ts';
import { historyLossOp, type HistoryStepInput } from './history-loss-op.ts';
import { HistoryLossThreads, type HistoryLossCapacity } from './history-loss-threads.ts';
import { segmentSumOp } from './segment-sum-op.ts';
import { positivesByUser } from './positives-by-user.ts';
import type { RankingScorer } from './ranking-scorer.ts';
import type { TrainingProgress } from './training-progress.ts';
import { createSeededRandom, shuffleInPlace, type SeededRandom } from './seeded-random.ts';
import { TrainingClock, type TrainingRun } from './training-run.ts';
import type { UserItemIndex } from './user-item-index.ts';
import { pickValidation, type Validation } from './validation-users.ts';

/** What {@link trainHistoryModel} returns; its examples are training positives, each scored against every item. */
export interface TrainedHistoryModel extends TrainingRun {
  readonly weights: HistoryModelWeights;
  readonly params: HistoryModelParams;
}

export interface TrainHistoryModelOptions {
  readonly onProgress?: (progress: TrainingProgress) => void | Promise<void>;
  /** Users whose HR@10 (NCF protocol, this epoch's weights) is reported per epoch, as in `TrainNcfOptions`. */
  readonly validationUsers?: number | Int32Array;
  readonly signal?: AbortSignal;
}

/**
 * Trains the item-history model (see {@link HistoryModelWeights}) on a split's training positives. Each step takes
 * `batchSize` users, hides `inputDropout` of each history from the input, and minimises the softmax cross-entropy
 * of all the user's training positives over every item (Mult-DAE's multinomial likelihood), with Adam. The pair
 * weights start at `pairInitScale` × cosine similarity and, among the most popular items, at the EASE solution
 * (`easeMaxItems`), so the model begins as an item-item model and learns from there.
 * Seeded; yields to the event loop every ~200 ms; all tensors are disposed before it returns.
 *
 * ```ts
 * const trained = await trainHistoryModel(splitLeaveOneOut(dataset), DEFAULT_HISTORY_MODEL_PARAMS, {
 *   onProgress: (p) => console.log(p.epoch, p.loss, p.examplesPerSecond),
 * });
 * const scores = new Float32Array(trained.weights.numItems);
 * scoreHistory(trained.weights, Int32Array.of(3, 17), scores);
 * ```
 */
export async function trainHistoryModel(
  split: DatasetSplit,
  params: HistoryModelParams = DEFAULT_HISTORY_MODEL_PARAMS,
  options: TrainHistoryModelOptions = {},
): Promise<TrainedHistoryModel> {
  const { tf, backend } = await initTensorFlow();
  const clock = new TrainingClock();
  const random = createSeededRandom(params.seed);
  const numItems = Math.max(1, split.numItems);
  const histories = positivesByUser(split);
  const pairs = itemPairsOf(numItems, histories);
  const users = Int32Array.from({ length: split.numUsers }, (_, u) => u).filter((u) => histories.itemsOf(u).length > 0);
  const validation = pickValidation(split, options);

  // The loss's helper threads start while the pair weights' starting values are solved.
  const startingLossThreads = startLossThreads(numItems, pairs, { rows: params.batchSize, entries: histories.items.length }, backend);
  startingLossThreads.catch(() => {}); // awaited below
  let initialPairs: Float32Array;
  try {
    initialPairs = await initialPairWeights(pairs, histories, params, clock);
  } catch (error) {
    await (await startingLossThreads).close();
    throw error;
  }
  const lossThreads = await startingLossThreads;
  // The pair weights live in the loss's shared buffers (see historyLossOp), trained by the same Adam as the variables.
  lossThreads.buffers.pairValues.set(initialPairs);
  // Inside tidy: the initial-value tensors go, the variables stay.
  const [itemInput, hiddenBias, itemOutput, itemBias] = tf.tidy(() => [
    tf.variable(tf.randomNormal([numItems, params.dim], 0, 0.05, 'float32', random.nextSeed())),
    tf.variable(tf.zeros([params.dim])),
    tf.variable(tf.randomNormal([params.dim, numItems], 0, 0.05, 'float32', random.nextSeed())),
    tf.variable(tf.zeros([numItems])),
  ]);
  const variables = [itemInput, hiddenBias, itemOutput, itemBias];
  const optimizer = tf.train.adam(params.learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
  const snapshot = () => [...variables.map((v) => v.dataSync() as Float32Array), lossThreads.buffers.pairValues.slice()];
  let adamSteps = 0;
  const lossFor = historyLossOp(tf, lossThreads);
  const average = new RunningMean();
  const validationPairTerms = new Map<number, HistoryPairTerms>();
  const weightsOf = ([input, hidden, output, bias, pairValues]: Float32Array[]): HistoryModelWeights => ({
    numItems,
    dim: params.dim,
    itemInput: input!,
    hiddenBias: hidden!,
    itemOutput: itemMajor(output!, params.dim, numItems),
    itemBias: bias!,
    pairOffsets: pairs.offsets,
    pairItems: pairs.items,
    pairWeights: pairValues!,
    historyAlpha: params.historyAlpha,
  });
  try {
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      const learningRate = params.learningRate * params.learningRateDecay ** (epoch - 1);
      // Adam reads its (otherwise readonly) learning rate on every step.
      (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
      shuffleInPlace(users, random);
      let lossSum = 0;
      let epochPositives = 0;
      for (let start = 0; start < users.length; start += params.batchSize) {
        options.signal?.throwIfAborted();
        const batch = users.subarray(start, Math.min(users.length, start + params.batchSize));
        const input = stepInput(batch, histories, params, random);
        const positives = input.targets.reduce((sum, items) => sum + items.length, 0);
        const loss = tf.tidy((): TfNamespace.Scalar => {
          const bag = embeddingBagInput(tf, input);
          const lossOf = lossFor(input);
          const sumRows = segmentSumOp(tf, bag.rows, input.rows);
          const value = optimizer.minimize(
            () => {
              const summed = tf.mul(sumRows(tf.gather(itemInput, bag.items)), bag.rowScale);
              const hidden = tf.tanh(tf.add(summed, hiddenBias));
              return lossOf(tf.matMul(hidden, itemOutput), itemBias);
            },
            true,
            variables,
          );
          if (!value) throw new Error('optimizer returned no loss');
          return value;
        });
        adamSteps += 1;
        lossThreads.updatePairs({ ...ADAM, learningRate, correction1: 1 - ADAM.beta1 ** adamSteps, correction2: 1 - ADAM.beta2 ** adamSteps });
        lossSum += (loss.dataSync()[0] ?? 0) * batch.length;
        loss.dispose();
        epochPositives += positives;
        clock.examples += positives;
        await clock.yieldIfDue();
      }
      const averaging = params.averageFrom > 0 && epoch >= params.averageFrom;
      const values = averaging || validation ? snapshot() : null;
      if (averaging && values) average.add(values);
      const valHr10 = validation && values ? await validationHr10(historyModelScorer(weightsOf(values), split, histories, validationPairTerms), split, validation) : Number.NaN;
      const progress = clock.epochDone(epoch, params.epochs, lossSum / Math.max(1, epochPositives), valHr10);
      await options.onProgress?.(progress);
    }
    const weights = weightsOf(average.mean() ?? snapshot());
    return { weights, params, ...clock.finish(backend) };
  } finally {
    optimizer.dispose();
    for (const variable of variables) variable.dispose();
    await lossThreads.close();
  }
}

/**
 * The loss runs on as many threads as wasm's XNNPACK (one elsewhere); if its helpers do not start, on this thread.
 */
async function startLossThreads(numItems: number, pairs: ItemPairs, capacity: HistoryLossCapacity, backend: TfBackendName): Promise<HistoryLossThreads> {
  const threads = backend === 'wasm' ? (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount() : 1;
  try {
    return await HistoryLossThreads.start(numItems, pairs, capacity, threads);
  } catch (error) {
    if (threads === 1) throw error;
    process.emitWarning(`the history loss runs on one thread: ${error instanceof Error ? error.message : String(error)}`);
    return HistoryLossThreads.start(numItems, pairs, capacity, 1);
  }
}

/** Adam's constants for the variables and the pair weights alike (tfjs's defaults for float32). */
const ADAM = Object.freeze({ beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });

/** `pairInitScale` × cosine, or `easeScale` × the EASE weight where both items are in the EASE set. */
async function initialPairWeights(pairs: ItemPairs, histories: UserItemIndex, params: HistoryModelParams, clock: TrainingClock): Promise<Float32Array> {
  const values = pairs.cosine.map((c) => params.pairInitScale * c);
  if (params.easeMaxItems <= 0) return values;
  const numItems = pairs.offsets.length - 1;
  const ease = await easeWeights(numItems, histories, { minUsers: params.easeMinUsers, maxItems: params.easeMaxItems, lambda: params.easeLambda }, () => clock.yieldIfDue());
  const n = ease.items.length;
  const slot = new Int32Array(numItems).fill(-1);
  ease.items.forEach((item, k) => (slot[item] = k));
  for (let j = 0; j < numItems; j++) {
    const a = slot[j]!;
    if (a < 0) continue;
    for (let k = pairs.offsets[j]!; k < pairs.offsets[j + 1]!; k++) {
      const b = slot[pairs.items[k]!]!;
      if (b >= 0) values[k] = params.easeScale * ease.weights[a * n + b]!;
    }
  }
  return values;
}

async function validationHr10(scorer: RankingScorer, split: DatasetSplit, validation: Validation): Promise<number> {
  const metrics = await evaluate(scorer, split, { users: validation.users, candidates: validation.candidates, full: false });
  return metrics['hr@10'];
}

/** `[rows, cols]` → `[cols, rows]`, row-major. */
function itemMajor(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c]!;
  return out;
}

/** The element-wise running mean of equally shaped lists of arrays. */
class RunningMean {
  #sum: Float64Array[] | null = null;
  #count = 0;

  add(values: readonly Float32Array[]): void {
    this.#sum ??= values.map((v) => new Float64Array(v.length));
    this.#sum.forEach((sum, k) => {
      const v = values[k]!;
      for (let i = 0; i < v.length; i++) sum[i]! += v[i]!;
    });
    this.#count += 1;
  }

  mean(): Float32Array[] | null {
    return this.#sum?.map((sum) => Float32Array.from(sum, (x) => x / this.#count)) ?? null;
  }
}

/** Each user's history with `inputDropout` of it hidden (at least one item kept); the targets are all of it. */
function stepInput(batch: Int32Array, histories: UserItemIndex, params: HistoryModelParams, random: SeededRandom): HistoryStepInput {
  const kept = Array.from(batch, (user) => {
    const items = histories.itemsOf(user);
    const survivors = items.filter(() => random.next() >= params.inputDropout);
    return survivors.length > 0 ? survivors : items.subarray(0, 1);
  });
  return {
    rows: batch.length,
    kept,
    scale: Float32Array.from(kept, (items) => items.length ** -params.historyAlpha),
    targets: Array.from(batch, (user) => histories.itemsOf(user)),
  };
}

function embeddingBagInput(tf: typeof TfNamespace, input: HistoryStepInput) {
  const count = input.kept.reduce((sum, items) => sum + items.length, 0);
  const items = new Int32Array(count);
  const rows = new Int32Array(count);
  let k = 0;
  input.kept.forEach((kept, row) => {
    items.set(kept, k);
    rows.fill(row, k, k + kept.length);
    k += kept.length;
  });
  return { items: tf.tensor1d(items, 'int32'), rows: tf.tensor1d(rows, 'int32'), rowScale: tf.tensor2d(input.scale, [input.rows, 1]) };
}
