import type { TfBackendName } from './tf-backend-name.ts';
import { tf } from './tf.ts';

/**
 * The backend the shared engine runs on right now, or `undefined` before
 * {@link initTensorFlow} (or any `tf.setBackend`) has picked one. Reading it
 * never initialises a backend.
 *
 * @example
 * ```ts
 * await initTensorFlow()
 * metrics.backend.set({ name: getActiveBackend() ?? 'none' }, 1)
 * ```
 */
export function getActiveBackend(): TfBackendName | undefined {
  // `engine().backendName` is unset until a backend is chosen, unlike
  // `tf.getBackend()`, which would initialise the highest-priority one.
  const engineName = tf.engine().backendName as string | undefined;
  switch (engineName) {
    case 'tensorflow':
      return 'node';
    case 'wasm':
    case 'cpu':
      return engineName;
    default:
      return undefined;
  }
}
