import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Conv2DBackpropInputAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';

import { tf } from '../tf.ts';
import { runWasmKernel } from './run-wasm-kernel.ts';

/**
 * Wraps the stock wasm `Conv2DBackpropInput` (the input gradient of a
 * convolution, a plain loop that is several times slower than XNNPACK) so
 * that the stride-1 NHWC case runs as one XNNPACK `Conv2D`:
 *
 *     dx = conv2d(dy, W′),  W′[kh, kw, co, ci] = W[KH−1−kh, KW−1−kw, ci, co]
 *
 * padded by `K−1−p` on each side (p the forward padding). Other strides,
 * NCHW, and paddings wider than the filter go to the stock kernel.
 *
 * @param stock the kernel registered by `@tensorflow/tfjs-backend-wasm`,
 *   taken with `tf.getKernel('Conv2DBackpropInput', 'wasm')` before it is replaced.
 *
 * @example
 * ```ts
 * const stock = tf.getKernel('Conv2DBackpropInput', 'wasm')
 * tf.unregisterKernel('Conv2DBackpropInput', 'wasm')
 * tf.registerKernel(createConv2dBackpropInputKernel(stock)) // done by registerWasmKernels()
 * ```
 */
export function createConv2dBackpropInputKernel(stock: KernelConfig): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as Conv2DBackpropInputAttrs;
      const wasm = args.backend as BackendWasm;
      const info = tf.backend_util.computeConv2DInfo(
        inputShape,
        filter.shape as [number, number, number, number],
        strides,
        1,
        pad,
        dimRoundingMode,
      );
      const { filterHeight, filterWidth, padInfo } = info;
      const padding = [
        filterHeight - 1 - padInfo.top,
        filterHeight - 1 - padInfo.bottom,
        filterWidth - 1 - padInfo.left,
        filterWidth - 1 - padInfo.right,
      ];
      if (dataFormat === 'NCHW' || info.strideHeight !== 1 || info.strideWidth !== 1 || padding.some((p) => p < 0)) {
        return stock.kernelFunc(args);
      }
      const swapped = runWasmKernel('Transpose', { x: filter }, wasm, { perm: [0, 1, 3, 2] });
      let flipped: TensorInfo | undefined;
      try {
        flipped = runWasmKernel('Reverse', { x: swapped }, wasm, { dims: [0, 1] });
        return runWasmKernel('Conv2D', { x: dy, filter: flipped }, wasm, {
          strides: [1, 1],
          dilations: [1, 1],
          pad: [[0, 0], [padding[0]!, padding[1]!], [padding[2]!, padding[3]!], [0, 0]],
          dataFormat: 'NHWC',
        });
      } finally {
        wasm.disposeData(swapped.dataId);
        if (flipped !== undefined) {
          wasm.disposeData(flipped.dataId);
        }
      }
    },
  };
}
