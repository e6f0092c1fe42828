import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { Conv2DBackpropFilterAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';

import { tf } from '../tf.ts';
import { runWasmKernel } from './run-wasm-kernel.ts';

/**
 * `Conv2DBackpropFilter` (the filter gradient of a convolution) for the wasm
 * backend, which has none, built on wasm's own XNNPACK `Conv2D`:
 *
 *     dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh − pt, ow·s + kw − pl, ci] · dy[b, oh, ow, co]
 *
 * is a convolution of x, with channels and batch swapped (`[ci, h, w, b]`),
 * by dy used as the filter (`[oh, ow, b, co]`, dilated by the stride), which
 * yields `[ci, kh, kw, co]`. Only x and dy are transposed; no patch matrix is
 * built. NHWC, any strides and padding ('same', 'valid', explicit, number),
 * dilations 1 (tfjs computes no filter gradient for dilated convolutions).
 *
 * @example
 * ```ts
 * tf.registerKernel(conv2dBackpropFilterKernel) // done by registerWasmKernels()
 * tf.grad((f) => tf.conv2d(x, f, 1, 'same').sum())(filter) // now runs on wasm
 * ```
 */
export const conv2dBackpropFilterKernel: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
    const wasm = backend as BackendWasm;
    if (dataFormat === 'NCHW') {
      throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
    const owned: TensorInfo[] = [];
    const own = (t: TensorInfo): TensorInfo => {
      owned.push(t);
      return t;
    };
    try {
      const xT = own(runWasmKernel('Transpose', { x }, wasm, { perm: [3, 1, 2, 0] }));
      const dyT = own(runWasmKernel('Transpose', { x: dy }, wasm, { perm: [1, 2, 0, 3] }));
      // Valid-convolution output size for padding (top, bottom) is
      // in + top + bottom − s·(out − 1); pick bottom so that it equals the
      // filter size, and crop instead when that would need negative padding.
      const bottom = filterHeight - info.inHeight - padInfo.top + strideHeight * (info.outHeight - 1);
      const right = filterWidth - info.inWidth - padInfo.left + strideWidth * (info.outWidth - 1);
      const conv = own(
        runWasmKernel('Conv2D', { x: xT, filter: dyT }, wasm, {
          strides: [1, 1],
          dilations: [strideHeight, strideWidth],
          pad: [
            [0, 0],
            [padInfo.top, Math.max(bottom, 0)],
            [padInfo.left, Math.max(right, 0)],
            [0, 0],
          ],
          dataFormat: 'NHWC',
        }),
      );
      const cropped =
        bottom < 0 || right < 0
          ? own(
              runWasmKernel('Slice', { x: conv }, wasm, {
                begin: [0, 0, 0, 0],
                size: [info.inChannels, filterHeight, filterWidth, info.outChannels],
              }),
            )
          : conv;
      return runWasmKernel('Transpose', { x: cropped }, wasm, { perm: [1, 2, 0, 3] });
    } finally {
      for (const t of owned) {
        wasm.disposeData(t.dataId);
      }
    }
  },
};
