import * as tf from '@tensorflow/tfjs';

/**
 * The one TensorFlow.js namespace of the process. Every module imports `tf`
 * from here, never from `@tensorflow/tfjs` or `@tensorflow/tfjs-node`
 * directly, so models, kernels and backends all live in one engine.
 *
 * `@tensorflow/tfjs-node`, when it loads, re-exports this same
 * `@tensorflow/tfjs` and only adds the `tensorflow` backend to the engine
 * (which tfjs keeps on the global object, so even a second copy of the
 * package would share it); this namespace is right whichever backend
 * {@link initTensorFlow} picks. Call `initTensorFlow()` before the first op.
 *
 * @example
 * ```ts
 * import { initTensorFlow } from '../ml/init-tensorflow.ts'
 * import { tf } from '../ml/tf.ts'
 *
 * await initTensorFlow()
 * const squares = tf.tidy(() => tf.tensor1d([1, 2, 3]).square())
 * ```
 */
export { tf };
