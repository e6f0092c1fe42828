import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

import { tf } from './tf.ts';

/** The emscripten module behind a `BackendWasm`, as its constructor takes it. */
type WasmBackendModule = BackendWasm['wasm'];

/** The parts of the emscripten module that tfjs's typings leave out. */
interface EmscriptenThreads {
  readonly PThread: { readonly runningWorkers: { unref(): void }[] };
  cwrap(name: string, returnType: 'number' | null, argTypes: 'number'[]): (...args: number[]) => never;
}

/** This project compiles without the DOM typings, which declare `WebAssembly`. */
interface WebAssemblyApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: unknown; module: unknown }>;
}
const { WebAssembly: webAssembly } = globalThis as unknown as { WebAssembly: WebAssemblyApi };

const require = createRequire(import.meta.url);
const FACTORY = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
const WASM_BINARY = join(dirname(FACTORY), 'tfjs-backend-wasm-threaded-simd.wasm');
const PTHREAD_WORKER = join(dirname(fileURLToPath(import.meta.url)), 'tfjs-wasm-pthread-worker.cjs');
const START_TIMEOUT_MS = 30_000;

/**
 * Makes the `wasm` backend run tfjs's multi-threaded SIMD module, with XNNPACK's thread pool at `threads` threads
 * (`worker_threads` sharing the module's memory). tfjs itself starts that module only in browsers (tfjs issue 3830)
 * and caps the pool at half the logical cores (it assumes two hardware threads per core), so this passes the module
 * a core count of `2 × threads`. Call before the wasm backend starts (`tf.setBackend('wasm')`); rejects, leaving the
 * stock single-threaded backend registered, when the module does not start within 30 s.
 *
 * ```ts
 * await import('@tensorflow/tfjs-backend-wasm');
 * await registerThreadedWasmBackend(2);
 * await tf.setBackend('wasm');
 * ```
 */
export async function registerThreadedWasmBackend(threads: number): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const module = await loadThreadedWasmModule(threads);
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => {
    wasm.setThreadsCount(threads);
    const backend = new wasm.BackendWasm(module);
    // Emscripten keeps a running thread's worker referenced; the pool's threads run for the life of the module.
    for (const worker of module.PThread.runningWorkers) worker.unref();
    return backend;
  });
}

async function loadThreadedWasmModule(threads: number): Promise<WasmBackendModule & EmscriptenThreads> {
  if (typeof SharedArrayBuffer === 'undefined') throw new Error('SharedArrayBuffer is not available');
  const factory = require(FACTORY) as (config: object) => Promise<WasmBackendModule & EmscriptenThreads>;
  let failed: (error: unknown) => void = () => {};
  const config = {
    locateFile: (path: string, prefix: string) => (path.endsWith('.worker.js') ? PTHREAD_WORKER : path.endsWith('.wasm') ? WASM_BINARY : prefix + path),
    mainScriptUrlOrBlob: FACTORY,
    instantiateWasm: (imports: { env: Record<string, unknown> }, receive: (instance: unknown, module: unknown) => void) => {
      imports.env['emscripten_num_logical_cores'] = () => 2 * threads;
      readFile(WASM_BINARY)
        .then((bytes) => webAssembly.instantiate(bytes, imports))
        .then((result) => receive(result.instance, result.module))
        .catch((error: unknown) => failed(error));
      return {};
    },
  };
  let timer: NodeJS.Timeout | undefined;
  const module = await Promise.race([
    factory(config),
    new Promise<never>((_, reject) => {
      failed = reject;
      timer = setTimeout(() => reject(new Error(`the threaded wasm module did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return module;
}
