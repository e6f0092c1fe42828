import { tf } from '../ml/tf.ts';

/** Architectures `--arch` accepts. */
export const CNN_ARCHITECTURES = ['keras', 'keras-wide'] as const;
export type CnnArchitecture = (typeof CNN_ARCHITECTURES)[number];

/** Options of {@link buildCifarCnn}. */
export interface BuildCifarCnnOptions {
  readonly arch?: CnnArchitecture;
  /** Seeds every kernel initialiser (layer i gets seed + i): the same seed builds the same weights. */
  readonly seed?: number;
  readonly classes?: number;
  /** Adam learning rate; default 0.001 (the Keras reference). */
  readonly learningRate?: number;
}

/**
 * Builds and compiles the CIFAR-10 classifier.
 *
 * `keras` is the classic Keras example: Conv2D(32, 3x3, same, relu) -> MaxPool 2x2 -> Conv2D(64, 3x3, same, relu)
 * -> MaxPool 2x2 -> Flatten -> Dense(512, relu) -> Dense(10, softmax); Adam(lr 0.001), categorical
 * cross-entropy, accuracy. `keras-wide` has the same shape with 48 and 96 filters and Dense(256).
 * Input: `[batch, 32, 32, 3]` float32 RGB in [0, 1].
 *
 * ```ts
 * const model = buildCifarCnn({ arch: 'keras', seed: 42 });
 * await model.trainOnBatch(xs, ys); // [loss, accuracy]
 * ```
 */
export function buildCifarCnn(options: BuildCifarCnnOptions = {}): tf.LayersModel {
  const arch = options.arch ?? 'keras';
  const seed = options.seed ?? 0;
  const classes = options.classes ?? 10;
  const [f1, f2, dense] = arch === 'keras' ? [32, 64, 512] : [48, 96, 256];
  let layer = 0;
  const init = (): ReturnType<typeof tf.initializers.glorotUniform> => tf.initializers.glorotUniform({ seed: seed + layer++ });
  const model = tf.sequential({ name: `cifar10_${arch.replace('-', '_')}` });
  model.add(tf.layers.conv2d({ inputShape: [32, 32, 3], filters: f1, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(), name: 'conv1' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: 'pool1' }));
  model.add(tf.layers.conv2d({ filters: f2, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(), name: 'conv2' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: 'pool2' }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ units: dense, activation: 'relu', kernelInitializer: init(), name: 'dense1' }));
  model.add(tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: init(), name: 'predictions' }));
  compileCifarCnn(model, options.learningRate);
  return model;
}

/** Compiles a (built or loaded) CIFAR model with the reference optimiser, loss and metric. */
export function compileCifarCnn(model: tf.LayersModel, learningRate = 0.001): void {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
}

/** Narrows a CLI string to a {@link CnnArchitecture}. */
export function parseCnnArchitecture(value: string): CnnArchitecture {
  if ((CNN_ARCHITECTURES as readonly string[]).includes(value)) return value as CnnArchitecture;
  throw new Error(`unknown --arch "${value}" (expected ${CNN_ARCHITECTURES.join(' or ')})`);
}
