import type { TfBackendName } from './tf-backend-name.ts';
import type { tf } from './tf.ts';

/**
 * What {@link initTensorFlow} resolves to: the shared `tf` namespace, the
 * backend it runs on and why that one was picked.
 *
 * @example
 * ```ts
 * const { tf, backend, reason } = await initTensorFlow()
 * console.log(`${backend}: ${reason}`)
 * ```
 */
export interface TensorFlowRuntime {
  readonly tf: typeof tf;
  readonly backend: TfBackendName;
  readonly reason: string;
}
