import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

import { tf } from '../tf.ts';

/**
 * Runs the wasm kernel registered under `kernelName` directly on tensor infos,
 * outside the engine: nothing is taped or tracked, and the caller owns the
 * returned data (free it with `backend.disposeData(out.dataId)` unless it is
 * the kernel's own output). For kernels that compose other wasm kernels.
 *
 * @example
 * ```ts
 * const xT = runWasmKernel('Transpose', { x }, backend, { perm: [1, 0] })
 * try {
 *   return runWasmKernel('BatchMatMul', { a: xT, b: dy }, backend, { transposeA: false, transposeB: false })
 * } finally {
 *   backend.disposeData(xT.dataId)
 * }
 * ```
 */
export function runWasmKernel(
  kernelName: string,
  inputs: NamedTensorInfoMap,
  backend: BackendWasm,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel === undefined) {
    throw new Error(`wasm kernel '${kernelName}' is not registered`);
  }
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) {
    throw new Error(`wasm kernel '${kernelName}' returned ${out.length} outputs, expected one`);
  }
  return out;
}
