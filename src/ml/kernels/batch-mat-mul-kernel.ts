import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { BatchMatMulAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

import { tf } from '../tf.ts';
import { runWasmKernel } from './run-wasm-kernel.ts';

/**
 * Wraps the stock wasm `BatchMatMul`, which runs XNNPACK only for an
 * untransposed, unbatched product and otherwise falls back to a naive loop
 * (5-15x slower). Dense layer gradients use exactly those transposed forms
 * (`dW = xᵀ·dy`, `dx = dy·Wᵀ`), so a transposed operand is transposed
 * explicitly (wasm `Transpose`) and the product runs on the XNNPACK path.
 * For `a·bᵀ` with a large `b` (a wide Dense layer) it computes `(b·aᵀ)ᵀ`
 * instead, which transposes and packs the small operand only. Batched
 * products (outer dimensions above 1) go to the stock kernel unchanged.
 *
 * @param stock the kernel registered by `@tensorflow/tfjs-backend-wasm`,
 *   taken with `tf.getKernel('BatchMatMul', 'wasm')` before it is replaced.
 *
 * @example
 * ```ts
 * const stock = tf.getKernel('BatchMatMul', 'wasm')
 * tf.unregisterKernel('BatchMatMul', 'wasm')
 * tf.registerKernel(createBatchMatMulKernel(stock)) // done by registerWasmKernels()
 * ```
 */
export function createBatchMatMulKernel(stock: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if ((!transposeA && !transposeB) || outerSize(a) > 1 || outerSize(b) > 1) {
      return stock.kernelFunc(args);
    }
    const backend = args.backend as BackendWasm;
    const plain = (left: TensorInfo, right: TensorInfo): TensorInfo =>
      stock.kernelFunc({ inputs: { a: left, b: right }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    const owned: TensorInfo[] = [];
    const swapped = (x: TensorInfo): TensorInfo => {
      const t = transposeInnerTwo(x, backend);
      owned.push(t);
      return t;
    };
    try {
      const [k, m] = leftSizes(a, transposeA);
      if (!transposeB) {
        return plain(swapped(a), b);
      }
      const n = b.shape[b.shape.length - 2]!; // b is [n, k]
      // Cost in elements moved: option 1 transposes and packs b (k·n each);
      // option 2 packs aᵀ (k·m), transposes a unless it is already aᵀ in
      // memory, and transposes the m·n output.
      const viaTransposedB = (transposeA ? k * m : 0) + 2 * k * n;
      const viaTransposedOut = (transposeA ? 0 : k * m) + k * m + m * n;
      if (viaTransposedB <= viaTransposedOut) {
        return plain(transposeA ? swapped(a) : a, swapped(b));
      }
      const outT = plain(b, transposeA ? a : swapped(a));
      owned.push(outT);
      return transposeInnerTwo(outT, backend);
    } finally {
      for (const t of owned) {
        backend.disposeData(t.dataId);
      }
    }
  };
  return { kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc };
}

/** `[k, m]` of the left operand: its contracted size, then its row count. */
function leftSizes(a: TensorInfo, transposed: boolean): [number, number] {
  const rows = a.shape[a.shape.length - 2]!;
  const cols = a.shape[a.shape.length - 1]!;
  return transposed ? [rows, cols] : [cols, rows];
}

function outerSize(x: TensorInfo): number {
  return tf.util.sizeFromShape(x.shape.slice(0, -2));
}

function transposeInnerTwo(x: TensorInfo, backend: BackendWasm): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return runWasmKernel('Transpose', { x }, backend, { perm });
}
