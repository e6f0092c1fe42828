import { tf } from '../ml/tf.ts';
import { fillBatch, NO_AUGMENTATION, type Augmentation } from './cifar-batch.ts';
import { evaluateCifarCnn, type CifarEvaluation } from './evaluate-cifar-cnn.ts';
import type { CifarSplit } from './load-cifar10.ts';
import { CIFAR_IMAGE_BYTES } from './read-cifar-file.ts';
import { SeededRandom } from './seeded-random.ts';

/** Progress inside an epoch, reported every batch. */
export interface CifarBatchProgress {
  /** 1-based epoch. */
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
  /** Images trained on so far in this epoch. */
  readonly images: number;
  /** Mean loss and accuracy over the epoch so far. */
  readonly loss: number;
  readonly accuracy: number;
  readonly imagesPerSecond: number;
}

/** One finished epoch. */
export interface CifarEpochResult {
  /** 1-based epoch. */
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly test: CifarEvaluation;
  /** Training time of the epoch, without the test pass. */
  readonly seconds: number;
  readonly imagesPerSecond: number;
}

/** Options of {@link trainCifarCnn}. */
export interface TrainCifarCnnOptions {
  /** A compiled model (see `buildCifarCnn`); trained in place. */
  readonly model: tf.LayersModel;
  readonly train: CifarSplit;
  readonly test: CifarSplit;
  readonly epochs: number;
  readonly batchSize: number;
  /** Seeds the shuffle and augmentation of every epoch (epoch e always gets the same order, so resuming is exact). */
  readonly seed: number;
  readonly augmentation?: Augmentation;
  /** Epochs already done (resume); training starts at epoch `startEpoch + 1`. */
  readonly startEpoch?: number;
  /** Train on the first N training images only (smoke tests). */
  readonly trainLimit?: number;
  /** Evaluate on the first N test images only. */
  readonly testLimit?: number;
  readonly onBatch?: (progress: CifarBatchProgress) => void;
  /** Called after each epoch's test pass (checkpoint here); awaited before the next epoch. */
  readonly onEpoch?: (result: CifarEpochResult) => Promise<void> | void;
}

/** The shuffle / augmentation stream of one epoch: independent of every other epoch. */
export function epochRandom(seed: number, epoch: number): SeededRandom {
  return new SeededRandom((seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0);
}

/**
 * The training loop: per epoch a seeded shuffle, batches filled into reused buffers (optionally augmented),
 * `trainOnBatch`, then a test pass. Pure of I/O: progress and checkpoints go through the callbacks.
 *
 * ```ts
 * const model = buildCifarCnn({ seed: 7 });
 * const history = await trainCifarCnn({ model, train: data.train, test: data.test, epochs: 10, batchSize: 32, seed: 7 });
 * history.at(-1)?.test.accuracy;
 * ```
 */
export async function trainCifarCnn(options: TrainCifarCnnOptions): Promise<CifarEpochResult[]> {
  const { model, train, test, epochs, batchSize, seed } = options;
  const augmentation = options.augmentation ?? NO_AUGMENTATION;
  const count = Math.min(train.count, options.trainLimit ?? train.count);
  const batches = Math.ceil(count / batchSize);
  const classes = 10;
  const x = new Float32Array(batchSize * CIFAR_IMAGE_BYTES);
  const y = new Float32Array(batchSize * classes);
  const history: CifarEpochResult[] = [];
  for (let epoch = (options.startEpoch ?? 0) + 1; epoch <= epochs; epoch++) {
    const rng = epochRandom(seed, epoch);
    const order = rng.permutation(count);
    const started = performance.now();
    let lossSum = 0;
    let accSum = 0;
    let seen = 0;
    for (let batch = 0; batch < batches; batch++) {
      const from = batch * batchSize;
      const n = Math.min(batchSize, count - from);
      fillBatch(train, order, from, n, x, y, augmentation, rng, classes);
      const xs = tf.tensor4d(x.subarray(0, n * CIFAR_IMAGE_BYTES), [n, 32, 32, 3]);
      const ys = tf.tensor2d(y.subarray(0, n * classes), [n, classes]);
      let metrics: number | number[];
      try {
        metrics = await model.trainOnBatch(xs, ys);
      } finally {
        xs.dispose();
        ys.dispose();
      }
      const [loss, accuracy] = Array.isArray(metrics) ? metrics : [metrics, Number.NaN];
      if (!Number.isFinite(loss)) throw new Error(`loss became ${loss} at epoch ${epoch}, batch ${batch + 1}`);
      lossSum += loss! * n;
      accSum += accuracy! * n;
      seen += n;
      // wasm kernels run synchronously, so awaits above resolve as microtasks: yield once per batch so timers
      // (progress bars, HTTP health checks in the same process) still run.
      await new Promise<void>((resolve) => setImmediate(resolve));
      options.onBatch?.({
        epoch,
        batch: batch + 1,
        batches,
        images: seen,
        loss: lossSum / seen,
        accuracy: accSum / seen,
        imagesPerSecond: seen / ((performance.now() - started) / 1000),
      });
    }
    const seconds = (performance.now() - started) / 1000;
    const evaluation = await evaluateCifarCnn(model, test, options.testLimit === undefined ? {} : { limit: options.testLimit });
    const result: CifarEpochResult = { epoch, loss: lossSum / seen, accuracy: accSum / seen, test: evaluation, seconds, imagesPerSecond: seen / seconds };
    history.push(result);
    await options.onEpoch?.(result);
  }
  return history;
}
