/**
 * A TensorFlow.js backend this service can run on: `node` is native
 * libtensorflow through `@tensorflow/tfjs-node` (engine name `tensorflow`),
 * `wasm` is XNNPACK through `@tensorflow/tfjs-backend-wasm`, `cpu` is the
 * pure-JS backend inside `@tensorflow/tfjs`.
 *
 * @example
 * ```ts
 * const backend: TfBackendName = 'wasm'
 * ```
 */
export type TfBackendName = 'node' | 'wasm' | 'cpu';
