import * as tf from '@tensorflow/tfjs';

/**
 * The one TensorFlow.js namespace of the process. Every module imports `tf`
 * from here, never from `@tensorflow/tfjs` or `@tensorflow/tfjs-node`
 * directly, so models, kernels and backends all live in one engine.
 *
 * `@tensorflow/tfjs-node`, when it loads, re-exports this same
 * `@tensorflow/tfjs` and only adds the `tensorflow` backend to the shared
 * engine, so this namespace is right whichever backend
 * {@link initTensorFlow} picks. Call `initTensorFlow()` before the first op.
 *
 * @example
 * ```ts
 * import { tf } from '../ml/tf.ts'
 *
 * const { tf: ready } = await initTensorFlow()
 * const y = tf.tidy(() => tf.tensor1d([1, 2, 3]).square())
 * ```
 */
export { tf };
