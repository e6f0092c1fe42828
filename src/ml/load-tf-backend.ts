import { registerWasmKernels } from './kernels/register-wasm-kernels.ts';
import { registerThreadedWasmBackend } from './register-threaded-wasm-backend.ts';
import type { TfBackendName } from './tf-backend-name.ts';
import { tf } from './tf.ts';

// A variable specifier: the package is optional, so the type checker must not
// try to resolve it.
const TFJS_NODE: string = '@tensorflow/tfjs-node';

/**
 * What {@link loadTfBackend} loaded: a short description, and why a requested
 * part is off (`degraded`: wasm threads that did not start; the backend runs
 * without them).
 */
export interface LoadedTfBackend {
  readonly description: string;
  readonly degraded?: string;
}

/**
 * Loads one backend and makes it the active one; throws when it cannot.
 * The building block of {@link initTensorFlow}, which adds the
 * once-per-process choice and logging. With `wasmThreads` above 1, wasm runs
 * XNNPACK on that many threads (see {@link registerThreadedWasmBackend}); if
 * the threaded module does not start, wasm runs single-threaded and
 * `degraded` says why.
 *
 * @example
 * ```ts
 * await loadTfBackend('wasm', 2) // { description: 'XNNPACK, SIMD on, 2 threads, training kernels registered' }
 * ```
 */
export async function loadTfBackend(name: TfBackendName, wasmThreads = 1): Promise<LoadedTfBackend> {
  switch (name) {
    case 'node':
      await import(TFJS_NODE);
      await activate('tensorflow');
      return { description: 'native libtensorflow' };
    case 'wasm': {
      // No setWasmPaths: under Node the package loads its .wasm files from
      // its own dist folder (checked with tsx and vitest).
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const degraded = wasmThreads > 1 ? await startWasmThreads(wasmThreads) : undefined;
      await activate('wasm');
      registerWasmKernels();
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = wasm.getThreadsCount();
      const description = `XNNPACK, SIMD ${simd ? 'on' : 'off'}, ${threads === 1 ? 'one thread' : `${threads} threads`}, training kernels registered`;
      return degraded === undefined ? { description } : { description, degraded };
    }
    case 'cpu':
      await activate('cpu');
      return { description: 'pure JavaScript' };
  }
}

/** Registers the threaded wasm backend; resolves to why wasm will run on one thread instead, if it will. */
async function startWasmThreads(threads: number): Promise<string | undefined> {
  const onOneThread = (why: string) => `${threads} wasm threads requested, running on one: ${why}`;
  if ('wasm' in tf.engine().registry) {
    return onOneThread('the wasm backend had already started');
  }
  try {
    await registerThreadedWasmBackend(threads);
    return undefined;
  } catch (error) {
    return onOneThread(error instanceof Error ? error.message : String(error));
  }
}

async function activate(engineName: string): Promise<void> {
  // setBackend resolves false (and warns) when the backend's factory throws.
  if (!(await tf.setBackend(engineName))) {
    throw new Error(`backend '${engineName}' failed to initialise`);
  }
}
