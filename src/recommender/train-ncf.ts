import { initTensorFlow } from '../ml/init-tensorflow.ts';
import type { tf as TfNamespace } from '../ml/tf.ts';
import { buildEpochExamples } from './build-epoch-examples.ts';
import { createNcfModel } from './create-ncf-model.ts';
import type { DatasetSplit } from './dataset-split.ts';
import { evaluate } from './evaluate.ts';
import { ncfLogits } from './ncf-logits.ts';
import { DEFAULT_NCF_PARAMS, type NcfParams } from './ncf-params.ts';
import { NcfScorer } from './ncf-scorer.ts';
import { ncfWeights } from './ncf-weights-of.ts';
import { NegativeSampler } from './negative-sampler.ts';
import { createSeededRandom } from './seeded-random.ts';
import type { TrainNcfOptions } from './train-ncf-options.ts';
import { TrainingClock } from './training-run.ts';
import type { TrainedNcf } from './trained-ncf.ts';
import { pickValidation, type Validation } from './validation-users.ts';

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
  const clock = new TrainingClock();
  const random = createSeededRandom(params.seed);
  const itemCounts = new Float64Array(split.numItems);
  for (let k = 0; k < split.positives.length; k++) itemCounts[split.positives.item[k]!]! += 1;
  const sampler = new NegativeSampler(itemCounts, params.negativePopularityAlpha);
  const validation = pickValidation(split, options);

  const model = createNcfModel(tf, split.numUsers, split.numItems, params);
  const weights = ncfWeights(model);
  const variables = model.trainableWeights.map((w) => w.read() as TfNamespace.Variable);
  const optimizer = tf.train.adam(params.learningRate);
  try {
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      // Adam reads its (otherwise readonly) learning rate on every step.
      (optimizer as unknown as { learningRate: number }).learningRate = params.learningRate * params.learningRateDecay ** (epoch - 1);
      const examples = buildEpochExamples(split, params, random, sampler);
      let lossSum = 0;
      for (let start = 0; start < examples.length; start += params.batchSize) {
        options.signal?.throwIfAborted();
        const end = Math.min(examples.length, start + params.batchSize);
        let dataLoss: TfNamespace.Scalar | undefined;
        tf.tidy(() => {
          const users = tf.tensor1d(examples.user.subarray(start, end), 'int32');
          const items = tf.tensor1d(examples.item.subarray(start, end), 'int32');
          const labels = tf.tensor1d(examples.label.subarray(start, end));
          const exampleWeights = tf.tensor1d(examples.weight.subarray(start, end));
          const size = end - start;
          optimizer.minimize(
            () => {
              const rows: TfNamespace.Tensor2D[] = [];
              const logits = ncfLogits(tf, weights, users, items, rows);
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
        clock.examples += end - start;
        await clock.yieldIfDue();
      }
      const valHr10 = validation ? await validationHr10(tf, model, split, validation) : Number.NaN;
      const progress = clock.epochDone(epoch, params.epochs, lossSum / Math.max(1, examples.length), valHr10);
      await options.onProgress?.(progress);
      await options.onEpochEnd?.(model, progress);
    }
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
  return { model, params, ...clock.finish(backend) };
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
