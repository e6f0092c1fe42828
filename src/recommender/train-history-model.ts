import { initTensorFlow } from '../ml/init-tensorflow.ts';
import type { tf as TfNamespace } from '../ml/tf.ts';
import type { DatasetSplit } from './dataset-split.ts';
import { DEFAULT_HISTORY_MODEL_PARAMS, type HistoryModelParams } from './history-model-params.ts';
import type { HistoryModelWeights } from './history-model.ts';
import { itemPairsOf } from './item-pairs.ts';
import { pairLogitsOp, type PairStepInput } from './pair-logits-op.ts';
import type { NcfTrainingProgress } from './ncf-training-progress.ts';
import { createSeededRandom, shuffleInPlace, type SeededRandom } from './seeded-random.ts';
import { TrainingClock, type TrainingRun } from './training-run.ts';
import { UserItemIndex } from './user-item-index.ts';

/** What {@link trainHistoryModel} returns; its examples are training positives, each scored against every item. */
export interface TrainedHistoryModel extends TrainingRun {
  readonly weights: HistoryModelWeights;
  readonly params: HistoryModelParams;
}

export interface TrainHistoryModelOptions {
  readonly onProgress?: (progress: NcfTrainingProgress) => void | Promise<void>;
  readonly signal?: AbortSignal;
}

/**
 * Trains the item-history model (see {@link HistoryModelWeights}) on a split's training positives. Each step takes
 * `batchSize` users, hides `inputDropout` of each history from the input, and minimises the softmax cross-entropy
 * of all the user's training positives over every item (Mult-DAE's multinomial likelihood), with Adam. The pair
 * weights start at `pairInitScale` × cosine similarity, so the model begins as item-kNN and learns from there.
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
  const histories = UserItemIndex.from(split.numUsers, split.positives.user, split.positives.item);
  const pairs = itemPairsOf(numItems, histories);
  const users = Int32Array.from({ length: split.numUsers }, (_, u) => u).filter((u) => histories.itemsOf(u).length > 0);

  // Inside tidy: the initial-value tensors go, the variables stay.
  const [itemInput, hiddenBias, itemOutput, itemBias, pairWeights] = tf.tidy(() => [
    tf.variable(tf.randomNormal([numItems, params.dim], 0, 0.05, 'float32', random.nextSeed())),
    tf.variable(tf.zeros([params.dim])),
    tf.variable(tf.randomNormal([params.dim, numItems], 0, 0.05, 'float32', random.nextSeed())),
    tf.variable(tf.zeros([numItems])),
    tf.variable(tf.tensor1d(pairs.cosine.map((c) => params.pairInitScale * c))),
  ]);
  const variables = [itemInput, hiddenBias, itemOutput, itemBias, pairWeights];
  const optimizer = tf.train.adam(params.learningRate);
  try {
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      // Adam reads its (otherwise readonly) learning rate on every step.
      (optimizer as unknown as { learningRate: number }).learningRate = params.learningRate * params.learningRateDecay ** (epoch - 1);
      shuffleInPlace(users, random);
      let lossSum = 0;
      let epochPositives = 0;
      for (let start = 0; start < users.length; start += params.batchSize) {
        options.signal?.throwIfAborted();
        const batch = users.subarray(start, Math.min(users.length, start + params.batchSize));
        const input = stepInput(batch, histories, params, random);
        const target = new Float32Array(batch.length * numItems);
        let positives = 0;
        batch.forEach((user, row) => {
          for (const item of histories.itemsOf(user)) target[row * numItems + item] = 1;
          positives += histories.itemsOf(user).length;
        });
        const loss = tf.tidy((): TfNamespace.Scalar => {
          const bag = embeddingBagInput(tf, input);
          const targets = tf.tensor2d(target, [batch.length, numItems]);
          const pairLogits = pairLogitsOp(tf, pairs, input, numItems);
          const value = optimizer.minimize(
            () => {
              const summed = tf.unsortedSegmentSum(tf.mul(tf.gather(itemInput, bag.items), bag.scale), bag.rows, input.rows);
              const hidden = tf.tanh(tf.add(summed, hiddenBias));
              const logits = tf.add(tf.add(tf.matMul(hidden, itemOutput), itemBias), pairLogits(pairWeights) as TfNamespace.Tensor2D);
              return tf.div(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)))), batch.length) as TfNamespace.Scalar;
            },
            true,
            variables,
          );
          if (!value) throw new Error('optimizer returned no loss');
          return value;
        });
        lossSum += (loss.dataSync()[0] ?? 0) * batch.length;
        loss.dispose();
        epochPositives += positives;
        clock.examples += positives;
        await clock.yieldIfDue();
      }
      const progress = clock.epochDone(epoch, params.epochs, lossSum / Math.max(1, epochPositives), Number.NaN);
      await options.onProgress?.(progress);
    }
    const weights: HistoryModelWeights = {
      numItems,
      dim: params.dim,
      itemInput: itemInput.dataSync() as Float32Array,
      hiddenBias: hiddenBias.dataSync() as Float32Array,
      itemOutput: itemMajor(tf, itemOutput),
      itemBias: itemBias.dataSync() as Float32Array,
      pairOffsets: pairs.offsets,
      pairItems: pairs.items,
      pairWeights: pairWeights.dataSync() as Float32Array,
      historyAlpha: params.historyAlpha,
    };
    return { weights, params, ...clock.finish(backend) };
  } finally {
    optimizer.dispose();
    for (const variable of variables) variable.dispose();
  }
}

/** `[dim, numItems]` → `[numItems, dim]` as a typed array. */
function itemMajor(tf: typeof TfNamespace, matrix: TfNamespace.Tensor): Float32Array {
  const transposed = tf.transpose(matrix);
  try {
    return transposed.dataSync() as Float32Array;
  } finally {
    transposed.dispose();
  }
}

/** Each user's history with `inputDropout` of it hidden (at least one item kept). */
function stepInput(batch: Int32Array, histories: UserItemIndex, params: HistoryModelParams, random: SeededRandom): PairStepInput {
  const kept = Array.from(batch, (user) => {
    const items = histories.itemsOf(user);
    const survivors = items.filter(() => random.next() >= params.inputDropout);
    return survivors.length > 0 ? survivors : items.subarray(0, 1);
  });
  return { rows: batch.length, kept, scale: Float32Array.from(kept, (items) => items.length ** -params.historyAlpha) };
}

function embeddingBagInput(tf: typeof TfNamespace, input: PairStepInput) {
  const count = input.kept.reduce((sum, items) => sum + items.length, 0);
  const items = new Int32Array(count);
  const rows = new Int32Array(count);
  const scale = new Float32Array(count);
  let k = 0;
  input.kept.forEach((kept, row) => {
    items.set(kept, k);
    rows.fill(row, k, k + kept.length);
    scale.fill(input.scale[row]!, k, k + kept.length);
    k += kept.length;
  });
  return { items: tf.tensor1d(items, 'int32'), rows: tf.tensor1d(rows, 'int32'), scale: tf.tensor2d(scale, [count, 1]) };
}
