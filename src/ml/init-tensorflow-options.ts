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
  /** Where the choice and its reason are logged. Default: a pino logger named `ml`. */
  readonly logger?: MlLogger;
}
