import { registerWasmKernels } from './kernels/register-wasm-kernels.ts';
import type { TfBackendName } from './tf-backend-name.ts';
import { tf } from './tf.ts';

// A variable specifier: the package is optional, so the type checker must not
// try to resolve it.
const TFJS_NODE: string = '@tensorflow/tfjs-node';

/**
 * Loads one backend and makes it the active one; throws when it cannot.
 * Resolves to a short description of what was loaded. The building block of
 * {@link initTensorFlow}, which adds the once-per-process choice and logging.
 *
 * @example
 * ```ts
 * await loadTfBackend('wasm') // 'XNNPACK, SIMD on, threads off, training kernels registered'
 * ```
 */
export async function loadTfBackend(name: TfBackendName): Promise<string> {
  switch (name) {
    case 'node':
      await import(TFJS_NODE);
      await activate('tensorflow');
      return 'native libtensorflow';
    case 'wasm': {
      // No setWasmPaths: under Node the package loads its .wasm files from
      // its own dist folder (checked with tsx and vitest).
      await import('@tensorflow/tfjs-backend-wasm');
      await activate('wasm');
      registerWasmKernels();
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      return `XNNPACK, SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'}, training kernels registered`;
    }
    case 'cpu':
      await activate('cpu');
      return 'pure JavaScript';
  }
}

async function activate(engineName: string): Promise<void> {
  // setBackend resolves false (and warns) when the backend's factory throws.
  if (!(await tf.setBackend(engineName))) {
    throw new Error(`backend '${engineName}' failed to initialise`);
  }
}
