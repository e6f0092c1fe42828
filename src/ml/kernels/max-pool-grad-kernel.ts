import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs';

import { tf } from '../tf.ts';

/**
 * `MaxPoolGrad` for the wasm backend in plain typed-array loops over the wasm
 * heap, replacing the stock kernel, which is several times slower on the
 * CNN's pooling layers. Each window routes its gradient to the first
 * position holding its maximum (the cpu backend's rule); overlapping windows
 * accumulate. NHWC, any window, strides and padding.
 *
 * @example
 * ```ts
 * tf.registerKernel(maxPoolGradKernel) // done by registerWasmKernels()
 * tf.grad((x) => tf.maxPool(x, 2, 2, 'valid').sum())(x)
 * ```
 */
export const maxPoolGradKernel: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
    const wasm = backend as BackendWasm;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
    const { strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
    const { top, left } = info.padInfo;

    const out = wasm.makeOutput(input.shape, 'float32');
    // Views are taken after the allocation: growing the heap detaches older ones.
    const dx = wasm.typedArrayFromHeap(out);
    const x = wasm.typedArrayFromHeap(input);
    const gradient = wasm.typedArrayFromHeap(dy);
    dx.fill(0);

    let dyAt = 0;
    for (let b = 0; b < batchSize; b++) {
      for (let oh = 0; oh < outHeight; oh++) {
        const rowStart = oh * strideHeight - top;
        const rowFrom = Math.max(rowStart, 0);
        const rowEnd = Math.min(rowStart + effectiveFilterHeight, inHeight);
        for (let ow = 0; ow < outWidth; ow++, dyAt += channels) {
          const colStart = ow * strideWidth - left;
          const colFrom = Math.max(colStart, 0);
          const colEnd = Math.min(colStart + effectiveFilterWidth, inWidth);
          for (let ch = 0; ch < channels; ch++) {
            let max = -Infinity;
            let at = -1;
            for (let r = rowFrom; r < rowEnd; r++) {
              const rowAt = (b * inHeight + r) * inWidth;
              for (let c = colFrom; c < colEnd; c++) {
                const i = (rowAt + c) * channels + ch;
                const value = x[i]!;
                if (value > max || at < 0) {
                  max = value;
                  at = i;
                }
              }
            }
            if (at >= 0) {
              dx[at]! += gradient[dyAt + ch]!;
            }
          }
        }
      }
    }
    return out;
  },
};
