import type { MlLogger } from './ml-logger.ts';
import type { TfBackendName } from './tf-backend-name.ts';

/**
 * Options of {@link initTensorFlow}.
 *
 * @example
 * ```ts
 * const options: InitTensorFlowOptions = { backend: 'wasm', logger }
 * ```
 */
export interface InitTensorFlowOptions {
  /**
   * Forces a backend; a forced backend that fails to load is an error. The
   * `TF_BACKEND` environment variable takes precedence over the default
   * order but not over this option. Default: the fastest that loads,
   * `node` then `wasm` then `cpu`.
   */
  readonly backend?: TfBackendName;
  /**
   * XNNPACK threads of the wasm backend, 1 to 8 (tfjs's pool holds 8): the
   * core count suits a process that trains, 1 one that serves (the pool's
   * threads would compete with request handling for the cores).
   * `TF_WASM_THREADS` overrides it. Default: 1, the single-threaded module.
   */
  readonly wasmThreads?: number;
  /** Where the choice and its reason are logged. Default: a pino logger named `ml`. */
  readonly logger?: MlLogger;
}
