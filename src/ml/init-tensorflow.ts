import { pino } from 'pino';

import type { InitTensorFlowOptions } from './init-tensorflow-options.ts';
import { loadTfBackend, type LoadedTfBackend } from './load-tf-backend.ts';
import type { MlLogger } from './ml-logger.ts';
import type { TensorFlowRuntime } from './tensorflow-runtime.ts';
import type { TfBackendName } from './tf-backend-name.ts';
import { tf } from './tf.ts';

const DEFAULT_ORDER: readonly TfBackendName[] = ['node', 'wasm', 'cpu'];
const PACKAGES: Readonly<Record<TfBackendName, string>> = {
  node: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs (cpu)',
};

let pending: Promise<TensorFlowRuntime> | undefined;

/**
 * Picks the TensorFlow.js backend once per process, logs which one and why,
 * and resolves to the shared `tf` namespace. Concurrent and later callers
 * share the first call's choice; a later call that forces a different backend
 * is rejected rather than silently ignored.
 *
 * Choice: `options.backend`, else `TF_BACKEND` (`node` | `wasm` | `cpu`),
 * else the first of `node`, `wasm`, `cpu` that loads. Choosing `wasm`
 * registers the kernels it lacks for training (see {@link registerWasmKernels})
 * and runs XNNPACK on `TF_WASM_THREADS` threads, else `options.wasmThreads`,
 * else one (training processes pass the core count; serving ones keep one).
 * Call it once at startup (API, worker, script) before building a model.
 * Tests that compare backends call `initTensorFlow({ backend: 'wasm' })`, then
 * switch with `tf.setBackend('cpu')` / `tf.setBackend('wasm')`; the wasm
 * kernels stay registered across switches.
 *
 * @example
 * ```ts
 * import { initTensorFlow } from '../ml/init-tensorflow.ts'
 *
 * const { tf, backend, reason } = await initTensorFlow({ logger })
 * // backend === 'wasm', reason === "@tensorflow/tfjs-node not available: Cannot find package ...; ..."
 * const model = tf.sequential()
 * ```
 */
export function initTensorFlow(options: InitTensorFlowOptions = {}): Promise<TensorFlowRuntime> {
  const forced = options.backend ?? parseBackendEnv(process.env['TF_BACKEND']);
  const source = options.backend === undefined ? `TF_BACKEND=${forced}` : `options.backend='${forced}'`;
  if (pending === undefined) {
    const logger = options.logger ?? pino({ name: 'ml' });
    const threads = parseThreadsEnv(process.env['TF_WASM_THREADS']) ?? options.wasmThreads ?? 1;
    pending = (forced === undefined ? selectDefault(logger, threads) : selectForced(forced, source, logger, threads)).catch(
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
  }
  if (forced === undefined) {
    return pending;
  }
  return pending.then((runtime) => {
    if (runtime.backend !== forced) {
      throw new Error(
        `TensorFlow.js already runs on '${runtime.backend}' (${runtime.reason}); ${source} cannot switch it`,
      );
    }
    return runtime;
  });
}

async function selectForced(backend: TfBackendName, source: string, logger: MlLogger, wasmThreads: number): Promise<TensorFlowRuntime> {
  let loaded: LoadedTfBackend;
  try {
    loaded = await loadTfBackend(backend, wasmThreads);
  } catch (error) {
    throw new Error(`${source}: ${PACKAGES[backend]} not available: ${describe(error)}`, { cause: error });
  }
  return announce({ tf, backend, reason: `forced by ${source}; ${loaded.description}` }, loaded.degraded, logger);
}

async function selectDefault(logger: MlLogger, wasmThreads: number): Promise<TensorFlowRuntime> {
  const skipped: string[] = [];
  for (const backend of DEFAULT_ORDER) {
    try {
      const loaded = await loadTfBackend(backend, wasmThreads);
      return announce({ tf, backend, reason: [...skipped, loaded.description].join('; ') }, loaded.degraded, logger);
    } catch (error) {
      skipped.push(`${PACKAGES[backend]} not available: ${describe(error)}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could be loaded: ${skipped.join('; ')}`);
}

function announce(runtime: TensorFlowRuntime, degraded: string | undefined, logger: MlLogger): TensorFlowRuntime {
  const details = { backend: runtime.backend, reason: runtime.reason };
  if (degraded !== undefined) {
    logger.warn({ ...details, degraded }, degraded);
  }
  if (runtime.backend === 'cpu') {
    logger.warn(details, 'TensorFlow.js runs on the slow pure-JS cpu backend');
  } else {
    logger.info(details, `TensorFlow.js backend: ${runtime.backend}`);
  }
  return runtime;
}

function parseBackendEnv(value: string | undefined): TfBackendName | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (value === 'node' || value === 'wasm' || value === 'cpu') {
    return value;
  }
  throw new Error(`TF_BACKEND must be one of node, wasm, cpu; got '${value}'`);
}

function parseThreadsEnv(value: string | undefined): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > 8) {
    throw new Error(`TF_WASM_THREADS must be an integer from 1 to 8; got '${value}'`);
  }
  return threads;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
