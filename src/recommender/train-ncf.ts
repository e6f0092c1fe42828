import { initTensorFlow } from '../ml/init-tensorflow.ts';
import type { tf as TfNamespace } from '../ml/tf.ts';
import { buildEpochExamples } from './build-epoch-examples.ts';
import { createNcfModel } from './create-ncf-model.ts';
import type { DatasetSplit } from './dataset-split.ts';
import { evaluate } from './evaluate.ts';
import { ncfLogits } from './ncf-logits.ts';
import { DEFAULT_NCF_PARAMS, type NcfParams } from './ncf-params.ts';
import { NcfScorer } from './ncf-scorer.ts';
import type { NcfTrainingProgress } from './ncf-training-progress.ts';
import { ncfWeights } from './ncf-weights-of.ts';
import { NegativeSampler } from './negative-sampler.ts';
import { sampleEvaluationCandidates } from './sample-evaluation-candidates.ts';
import { batchHistory } from './batch-history.ts';
import { createSeededRandom } from './seeded-random.ts';
import { UserItemIndex } from './user-item-index.ts';
import type { TrainNcfOptions } from './train-ncf-options.ts';
import type { TrainedNcf } from './trained-ncf.ts';

const YIELD_EVERY_MS = 200;

/**
 * Trains a NeuMF network on a split's training pairs: per epoch every positive plus
 * `params.negatives` freshly sampled negatives (and the split's disliked/skipped/seen pairs at
 * their weights), shuffled, weighted binary cross-entropy on the logits plus an L2 penalty on
 * the batch's embedding rows, Adam. Seeded: the same split and params give the same model on
 * the same backend. Runs on the backend {@link initTensorFlow} picked; yields to the event loop
 * every ~200 ms so a worker stays responsive. Tensors are disposed as it goes.
 *
 * ```ts
 * const split = splitLeaveOneOut(await buildDataset(db, 'film'));
 * const trained = await trainNcf(split, { ...DEFAULT_NCF_PARAMS, epochs: 10 }, {
 *   onProgress: (p) => console.log(p.epoch, p.loss, p.valHr10, p.examplesPerSecond),
 *   validationUsers: 300,
 * });
 * // ... evaluate, save ...
 * trained.model.dispose();
 * ```
 */
export async function trainNcf(
  split: DatasetSplit,
  params: NcfParams = DEFAULT_NCF_PARAMS,
  options: TrainNcfOptions = {},
): Promise<TrainedNcf> {
  const { tf, backend } = await initTensorFlow();
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const random = createSeededRandom(params.seed);
  const itemCounts = new Float64Array(split.numItems);
  for (let k = 0; k < split.positives.length; k++) itemCounts[split.positives.item[k]!]! += 1;
  const sampler = new NegativeSampler(itemCounts, params.negativePopularityAlpha);
  const validation = pickValidation(split, options);

  const model = createNcfModel(tf, split.numUsers, split.numItems, params);
  const weights = ncfWeights(model);
  const variables = model.trainableWeights.map((w) => w.read() as TfNamespace.Variable);
  const history = params.historyEmbeddings ? createHistory(tf, split, params) : null;
  if (history) variables.push(history.table);
  const optimizer = tf.train.adam(params.learningRate);
  const progressHistory: NcfTrainingProgress[] = [];
  let examplesSeen = 0;
  let lastYield = performance.now();
  try {
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      const examples = buildEpochExamples(split, params, random, sampler);
      let lossSum = 0;
      let weightSum = 0;
      for (let start = 0; start < examples.length; start += params.batchSize) {
        options.signal?.throwIfAborted();
        const end = Math.min(examples.length, start + params.batchSize);
        const batchWeight = sum(examples.weight, start, end);
        let dataLoss: TfNamespace.Scalar | undefined;
        tf.tidy(() => {
          const users = tf.tensor1d(examples.user.subarray(start, end), 'int32');
          const items = tf.tensor1d(examples.item.subarray(start, end), 'int32');
          const labels = tf.tensor1d(examples.label.subarray(start, end));
          const exampleWeights = tf.tensor1d(examples.weight.subarray(start, end));
          const size = end - start;
          const batch = history ? batchHistory(examples.user.subarray(start, end), examples.item.subarray(start, end), history.positivesByUser) : null;
          const batchTensors = batch
            ? {
                historyItems: tf.tensor1d(batch.historyItems, 'int32'),
                historySlot: tf.tensor1d(batch.historySlot, 'int32'),
                slot: tf.tensor1d(batch.slot, 'int32'),
                mask: tf.tensor2d(batch.mask, [size, 1]),
                coefficient: tf.tensor2d(batch.coefficient, [size, 1]),
              }
            : null;
          optimizer.minimize(
            () => {
              const rows: TfNamespace.Tensor2D[] = [];
              let extra: TfNamespace.Tensor2D | undefined;
              if (history && batch && batchTensors) {
                const sums = tf.unsortedSegmentSum(tf.gather(history.table, batchTensors.historyItems), batchTensors.historySlot, batch.slots);
                const own = tf.mul(tf.gather(history.table, items), batchTensors.mask);
                extra = tf.mul(tf.sub(tf.gather(sums, batchTensors.slot), own), batchTensors.coefficient) as TfNamespace.Tensor2D;
                rows.push(extra);
              }
              const logits = ncfLogits(tf, weights, users, items, rows, extra);
              // Stable BCE on logits: max(x, 0) − x·y + log(1 + e^−|x|).
              const bce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
              const data: TfNamespace.Scalar = tf.div(tf.sum(tf.mul(bce, exampleWeights)), size);
              dataLoss = tf.keep(data.clone());
              let loss: TfNamespace.Scalar = data;
              if (params.l2Embedding > 0) {
                const squares = tf.addN(rows.map((row) => tf.sum(tf.square(row))));
                loss = tf.add(loss, tf.mul(squares, params.l2Embedding / size)) as TfNamespace.Scalar;
              }
              if (params.l2EmbeddingTables > 0) {
                const tables = [weights.userGmf, weights.itemGmf, weights.userMlp, weights.itemMlp];
                loss = tf.add(loss, tf.mul(tf.addN(tables.map((t) => tf.sum(tf.square(t)))), params.l2EmbeddingTables)) as TfNamespace.Scalar;
              }
              if (params.l2Dense > 0) {
                const kernels = [...weights.hidden.map((layer) => layer.kernel), weights.output.kernel];
                loss = tf.add(loss, tf.mul(tf.addN(kernels.map((k) => tf.sum(tf.square(k)))), params.l2Dense)) as TfNamespace.Scalar;
              }
              return loss;
            },
            false,
            variables,
          );
        });
        if (dataLoss) {
          lossSum += (dataLoss.dataSync()[0] ?? 0) * (end - start);
          dataLoss.dispose();
        }
        weightSum += batchWeight;
        examplesSeen += end - start;
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
      const elapsedSeconds = (performance.now() - started) / 1000;
      const unfold = history ? foldHistory(tf, weights.userGmf as TfNamespace.Variable, history) : null;
      const valHr10 = validation ? await validationHr10(tf, model, split, validation) : Number.NaN;
      const examplesPerSecond = examplesSeen / elapsedSeconds;
      const progress: NcfTrainingProgress = {
        epoch,
        epochs: params.epochs,
        loss: lossSum / Math.max(1, examples.length),
        valHr10,
        examplesPerSecond,
        etaSeconds: (elapsedSeconds / epoch) * (params.epochs - epoch),
        elapsedSeconds,
      };
      void weightSum;
      progressHistory.push(progress);
      try {
        await options.onProgress?.(progress);
        await options.onEpochEnd?.(model, progress);
      } finally {
        // Keep the folded user vectors after the last epoch: the saved network is a plain NeuMF.
        unfold?.(epoch < params.epochs);
      }
    }
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
    history?.table.dispose();
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    model,
    params,
    backend,
    trainSeconds,
    examplesPerSecond: examplesSeen / trainSeconds,
    examples: examplesSeen,
    cpuSeconds,
    examplesPerCpuSecond: examplesSeen / cpuSeconds,
    history: progressHistory,
  };
}

interface History {
  readonly table: TfNamespace.Variable;
  readonly positivesByUser: UserItemIndex;
}

function createHistory(tf: typeof TfNamespace, split: DatasetSplit, params: NcfParams): History {
  const initial = tf.randomNormal([Math.max(1, split.numItems), params.gmfDim], 0, 0.01, 'float32', (params.seed ^ 0x5bd1e995) >>> 0);
  const table = tf.variable(initial, true, `history_gmf_${params.seed}_${Date.now()}`);
  initial.dispose();
  return { table, positivesByUser: UserItemIndex.from(split.numUsers, split.positives.user, split.positives.item) };
}

/**
 * Adds every user's normalised history sum to the GMF user table; returns a function that
 * restores the unfolded table exactly (`true`) or keeps the folded one (`false`).
 */
function foldHistory(tf: typeof TfNamespace, userGmf: TfNamespace.Variable, history: History): (restore: boolean) => void {
  const saved = userGmf.clone();
  const index = history.positivesByUser;
  const numUsers = userGmf.shape[0]!;
  const users = new Int32Array(index.items.length);
  for (let u = 0; u < index.numUsers; u++) users.fill(u, index.offsets[u]!, index.offsets[u + 1]!);
  const coefficient = Float32Array.from({ length: numUsers }, (_, u) => (u < index.numUsers && index.count(u) > 0 ? 1 / Math.sqrt(index.count(u)) : 0));
  tf.tidy(() => {
    const sums = tf.unsortedSegmentSum(tf.gather(history.table, tf.tensor1d(index.items, 'int32')), tf.tensor1d(users, 'int32'), numUsers);
    userGmf.assign(tf.add(saved, tf.mul(sums, tf.tensor2d(coefficient, [numUsers, 1]))));
  });
  return (restore) => {
    if (restore) userGmf.assign(saved);
    saved.dispose();
  };
}

function sum(values: Float32Array, start: number, end: number): number {
  let total = 0;
  for (let k = start; k < end; k++) total += values[k]!;
  return total;
}

interface Validation {
  readonly users: Int32Array;
  readonly candidates: ReturnType<typeof sampleEvaluationCandidates>;
}

function pickValidation(split: DatasetSplit, options: TrainNcfOptions): Validation | null {
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

async function validationHr10(tf: typeof TfNamespace, model: TfNamespace.LayersModel, split: DatasetSplit, validation: Validation): Promise<number> {
  const scorer = new NcfScorer(tf, model);
  try {
    const metrics = await evaluate(scorer, split, { users: validation.users, candidates: validation.candidates, full: false });
    return metrics['hr@10'];
  } finally {
    scorer.dispose();
  }
}
