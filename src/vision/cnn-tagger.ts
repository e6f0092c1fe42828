import { tf } from '../ml/tf.ts';

/** One label with its softmax probability. */
export interface ImageTag {
  readonly label: string;
  readonly score: number;
}

/** What the HTTP layer needs from a tagger (tests pass small fakes or a tiny real model). */
export interface ImageTagger {
  /** Row id of the model in the `models` table; null when it is not registered. */
  readonly modelId: number | null;
  /** Side of the square input the model takes (32 for CIFAR-10). */
  readonly inputSize: number;
  /** Every label with its score, best first; scores are floored to 6 decimals and sum to at most 1. */
  tag(pixels: Float32Array): Promise<ImageTag[]>;
}

/** Options of {@link CnnTagger}. */
export interface CnnTaggerOptions {
  /** A model mapping `[n, size, size, 3]` floats in [0, 1] to `[n, classes]` probabilities. The tagger owns it. */
  readonly model: tf.LayersModel;
  readonly classes: readonly string[];
  readonly modelId: number | null;
  /** Input side; default 32. */
  readonly inputSize?: number;
  /** Most images per predict call; default 32. */
  readonly maxBatch?: number;
  /** How long the first request of a batch waits for company; default 5 ms. */
  readonly maxWaitMs?: number;
}

/** Counters that show the batching at work. */
export interface CnnTaggerStats {
  predictCalls: number;
  images: number;
  largestBatch: number;
}

interface Pending {
  readonly pixels: Float32Array;
  readonly resolve: (tags: ImageTag[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Tags images with a CIFAR-style classifier, micro-batching concurrent calls: the first request waits up to
 * `maxWaitMs` (or until `maxBatch` requests are queued), then one `predict` answers them all. Requests that arrive
 * while a batch is being predicted form the next batch, so throughput grows with load. No tensor outlives a call.
 *
 * ```ts
 * const tagger = new CnnTagger({ model, classes: CIFAR10_CLASSES, modelId: 1 });
 * await tagger.warm();
 * const tags = await tagger.tag((await preprocessImage(bytes)).pixels); // [{ label: 'cat', score: 0.81 }, ...]
 * ```
 */
export class CnnTagger implements ImageTagger {
  readonly modelId: number | null;
  readonly inputSize: number;
  readonly #model: tf.LayersModel;
  readonly #classes: readonly string[];
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;
  readonly #queue: Pending[] = [];
  readonly #stats: CnnTaggerStats = { predictCalls: 0, images: 0, largestBatch: 0 };
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  #disposed = false;

  constructor(options: CnnTaggerOptions) {
    this.#model = options.model;
    this.#classes = options.classes;
    this.modelId = options.modelId;
    this.inputSize = options.inputSize ?? 32;
    this.#maxBatch = options.maxBatch ?? 32;
    this.#maxWaitMs = options.maxWaitMs ?? 5;
  }

  /** A copy of the counters. */
  get stats(): CnnTaggerStats {
    return { ...this.#stats };
  }

  /** Runs one prediction so the first real request does not pay for kernel set-up; not counted in the stats. */
  async warm(): Promise<void> {
    const size = this.inputSize;
    const y = tf.tidy(() => this.#model.predict(tf.zeros([1, size, size, 3])) as tf.Tensor);
    try {
      await y.data();
    } finally {
      y.dispose();
    }
  }

  tag(pixels: Float32Array): Promise<ImageTag[]> {
    const expected = this.inputSize * this.inputSize * 3;
    if (this.#disposed) return Promise.reject(new Error('the tagger is disposed'));
    if (pixels.length !== expected) return Promise.reject(new Error(`expected ${expected} floats, got ${pixels.length}`));
    return new Promise<ImageTag[]>((resolve, reject) => {
      this.#queue.push({ pixels, resolve, reject });
      if (this.#busy) return; // the running batch picks this up when it ends
      if (this.#queue.length >= this.#maxBatch) {
        void this.#flush();
      } else if (this.#timer === undefined) {
        this.#timer = setTimeout(() => void this.#flush(), this.#maxWaitMs);
      }
    });
  }

  /** Answers what is queued, then disposes the model. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#flush();
    this.#model.dispose();
  }

  async #flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#busy) return;
    this.#busy = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#maxBatch);
        try {
          const results = await this.#predict(batch.map((p) => p.pixels));
          batch.forEach((pending, i) => pending.resolve(results[i]!));
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.#busy = false;
    }
  }

  async #predict(images: readonly Float32Array[]): Promise<ImageTag[][]> {
    const n = images.length;
    const size = this.inputSize;
    const per = size * size * 3;
    const input = new Float32Array(n * per);
    images.forEach((image, i) => input.set(image, i * per));
    this.#stats.predictCalls++;
    this.#stats.images += n;
    this.#stats.largestBatch = Math.max(this.#stats.largestBatch, n);
    const y = tf.tidy(() => this.#model.predict(tf.tensor4d(input, [n, size, size, 3])) as tf.Tensor);
    let scores: Float32Array;
    try {
      scores = (await y.data()) as Float32Array;
    } finally {
      y.dispose();
    }
    const classes = this.#classes.length;
    if (scores.length !== n * classes) throw new Error(`the model gave ${scores.length / n} scores per image for ${classes} classes`);
    const out: ImageTag[][] = [];
    for (let i = 0; i < n; i++) out.push(rankScores(scores.subarray(i * classes, (i + 1) * classes), this.#classes));
    return out;
  }
}

/** Labels sorted by score (ties keep label order), renormalised in float64 and floored to 6 decimals so they sum to <= 1. */
export function rankScores(scores: ArrayLike<number>, classes: readonly string[]): ImageTag[] {
  let total = 0;
  for (let c = 0; c < classes.length; c++) total += Math.max(0, scores[c] ?? 0);
  const tags = classes.map((label, c) => ({
    label,
    score: total > 0 ? Math.floor((Math.max(0, scores[c] ?? 0) / total) * 1e6) / 1e6 : 0,
  }));
  return tags.sort((a, b) => b.score - a.score);
}
