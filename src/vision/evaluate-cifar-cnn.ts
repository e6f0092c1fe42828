import { tf } from '../ml/tf.ts';
import { fillBatch } from './cifar-batch.ts';
import type { CifarSplit } from './load-cifar10.ts';
import { CIFAR_IMAGE_BYTES } from './read-cifar-file.ts';

/** Accuracy, per-class accuracy and confusion matrix of a classifier on a split. */
export interface CifarEvaluation {
  readonly accuracy: number;
  /** Recall of each class: correct / images of that class. */
  readonly perClass: number[];
  /** `confusion[actual][predicted]` counts. */
  readonly confusion: number[][];
  readonly images: number;
  readonly seconds: number;
}

/** Options of {@link evaluateCifarCnn}. */
export interface EvaluateCifarCnnOptions {
  readonly batchSize?: number;
  /** Evaluate only the first N images (quick checks). */
  readonly limit?: number;
  readonly classes?: number;
}

/**
 * Runs the model over a split in batches (no augmentation) and counts hits per class.
 *
 * ```ts
 * const { accuracy, confusion } = await evaluateCifarCnn(model, data.test);
 * ```
 */
export async function evaluateCifarCnn(model: tf.LayersModel, split: CifarSplit, options: EvaluateCifarCnnOptions = {}): Promise<CifarEvaluation> {
  const started = performance.now();
  const classes = options.classes ?? 10;
  const batchSize = options.batchSize ?? 500;
  const count = Math.min(split.count, options.limit ?? split.count);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const x = new Float32Array(batchSize * CIFAR_IMAGE_BYTES);
  const identity = new Uint32Array(count);
  for (let i = 0; i < count; i++) identity[i] = i;
  let correct = 0;
  for (let from = 0; from < count; from += batchSize) {
    const n = Math.min(batchSize, count - from);
    fillBatch(split, identity, from, n, x, null);
    const predicted = tf.tidy(() => {
      const xs = tf.tensor4d(x.subarray(0, n * CIFAR_IMAGE_BYTES), [n, 32, 32, 3]);
      return (model.predict(xs) as tf.Tensor).argMax(-1);
    });
    const labels = await predicted.data();
    predicted.dispose();
    for (let i = 0; i < n; i++) {
      const actual = split.labels[from + i]!;
      const guess = labels[i]!;
      confusion[actual]![guess]!++;
      if (actual === guess) correct++;
    }
  }
  const perClass = confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : row[c]! / total;
  });
  return { accuracy: count === 0 ? 0 : correct / count, perClass, confusion, images: count, seconds: (performance.now() - started) / 1000 };
}
