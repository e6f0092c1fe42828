import type { KernelConfig } from '@tensorflow/tfjs';

import { tf } from '../tf.ts';
import { createBatchMatMulKernel } from './batch-mat-mul-kernel.ts';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter-kernel.ts';
import { createConv2dBackpropInputKernel } from './conv2d-backprop-input-kernel.ts';
import { gatherV2Kernel } from './gather-v2-kernel.ts';
import { maxPoolGradKernel } from './max-pool-grad-kernel.ts';
import { unsortedSegmentSumKernel } from './unsorted-segment-sum-kernel.ts';
import { WASM_KERNEL_NAMES, type WasmKernelName } from './wasm-kernel-name.ts';

const FACTORIES: Readonly<Record<WasmKernelName, (stock: KernelConfig | undefined) => KernelConfig>> = {
  UnsortedSegmentSum: () => unsortedSegmentSumKernel,
  GatherV2: () => gatherV2Kernel,
  Conv2DBackpropFilter: () => conv2dBackpropFilterKernel,
  Conv2DBackpropInput: (stock) => createConv2dBackpropInputKernel(required(stock, 'Conv2DBackpropInput')),
  MaxPoolGrad: () => maxPoolGradKernel,
  BatchMatMul: (stock) => createBatchMatMulKernel(required(stock, 'BatchMatMul')),
};

/** Kernels this module registered, with the stock kernel each one replaced. */
const installed = new Map<WasmKernelName, KernelConfig | undefined>();

/**
 * Registers this module's wasm kernels (all of {@link WASM_KERNEL_NAMES} by
 * default): the two wasm lacks for training (`UnsortedSegmentSum`, the
 * gradient of embedding lookups, and `Conv2DBackpropFilter`) and faster
 * replacements for stock kernels that are slow on the NCF and CNN training
 * paths (`GatherV2`, stride-1 `Conv2DBackpropInput`, `MaxPoolGrad`,
 * transposed `BatchMatMul`). {@link initTensorFlow} calls it when it picks
 * wasm; call it yourself only when you set the wasm backend by hand.
 *
 * Idempotent: kernels already registered here are skipped. Works before or
 * after the wasm backend is initialised, but `@tensorflow/tfjs-backend-wasm`
 * must have been imported. Returns a function that puts back the stock
 * kernels this call replaced (for benchmarks and tests).
 *
 * @example
 * ```ts
 * await import('@tensorflow/tfjs-backend-wasm')
 * await tf.setBackend('wasm')
 * const restore = registerWasmKernels(['UnsortedSegmentSum'])
 * // ... train ...
 * restore()
 * ```
 */
export function registerWasmKernels(kernels: readonly WasmKernelName[] = WASM_KERNEL_NAMES): () => void {
  if (tf.getKernel('Transpose', 'wasm') === undefined) {
    throw new Error('import @tensorflow/tfjs-backend-wasm before registering wasm kernels');
  }
  const added: WasmKernelName[] = [];
  for (const name of kernels) {
    if (installed.has(name)) {
      continue;
    }
    const stock = tf.getKernel(name, 'wasm');
    const kernel = FACTORIES[name](stock);
    if (stock !== undefined) {
      tf.unregisterKernel(name, 'wasm');
    }
    // The stock setup (its cwrap bindings) must still run when the backend
    // initialises, since the replacement may delegate to the stock kernel.
    tf.registerKernel({ ...kernel, setupFunc: stock?.setupFunc });
    installed.set(name, stock);
    added.push(name);
  }
  return () => {
    for (const name of added) {
      const stock = installed.get(name);
      tf.unregisterKernel(name, 'wasm');
      if (stock !== undefined) {
        tf.registerKernel(stock);
      }
      installed.delete(name);
    }
  };
}

function required(stock: KernelConfig | undefined, name: WasmKernelName): KernelConfig {
  if (stock === undefined) {
    throw new Error(`the stock wasm kernel '${name}' is missing`);
  }
  return stock;
}
