// Run by threaded-wasm.test.ts in its own process (the backend is chosen once per process): trains a few Adam steps
// of a small dense model on the wasm backend with `process.argv[2]` XNNPACK threads (`process.argv[3] === 'no-sab'`:
// without SharedArrayBuffer) and prints the backend's thread count, the warnings logged and the final weights as JSON.
// It ends without process.exit, so a thread pool that kept it alive would hang.
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';

if (process.argv[3] === 'no-sab') Reflect.deleteProperty(globalThis, 'SharedArrayBuffer');
const warnings: string[] = [];
const logger = { info: () => {}, warn: (_details: object, message: string) => void warnings.push(message) };
const { tf } = await initTensorFlow({ backend: 'wasm', wasmThreads: Number(process.argv[2]), logger });
const x = tf.randomNormal([256, 64], 0, 1, 'float32', 1);
const y = tf.randomNormal([256, 300], 0, 1, 'float32', 2);
const w = tf.variable(tf.randomNormal([64, 300], 0, 0.1, 'float32', 3));
const optimizer = tf.train.adam(0.01);
for (let step = 0; step < 5; step++) optimizer.minimize(() => tf.losses.meanSquaredError(y, tf.matMul(x, w)));
process.stdout.write(JSON.stringify({ threads: getThreadsCount(), warnings, weights: Array.from(w.dataSync()) }));
