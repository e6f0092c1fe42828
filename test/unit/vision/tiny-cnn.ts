import { tf } from '../../../src/ml/tf.ts';
import { compileCifarCnn } from '../../../src/vision/cifar-cnn.ts';

/** A seeded, compiled, very small CIFAR-shaped classifier ([n, 32, 32, 3] -> 10 softmax) for fast tests. */
export function tinyCifarCnn(seed = 1): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
      tf.layers.maxPooling2d({ poolSize: 4 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
  compileCifarCnn(model);
  return model;
}
