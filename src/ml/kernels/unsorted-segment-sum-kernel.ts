import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, TensorInfo, UnsortedSegmentSumAttrs } from '@tensorflow/tfjs';

import { tf } from '../tf.ts';

/**
 * `UnsortedSegmentSum` for the wasm backend, which has none. It is the
 * gradient of `gather`, so embedding layers cannot train on wasm without it.
 *
 * `x` has shape `[...segmentIds.shape, ...inner]`; the output has shape
 * `[numSegments, ...inner]` and row `s` is the sum of the rows of `x` whose id
 * is `s`. Ids outside `[0, numSegments)` are dropped, like TensorFlow does.
 * A plain loop over the wasm heap: one pass, no temporaries.
 *
 * @example
 * ```ts
 * tf.registerKernel(unsortedSegmentSumKernel) // done by registerWasmKernels()
 * tf.unsortedSegmentSum(tf.ones([4, 2]), tf.tensor1d([0, 2, 0, 1], 'int32'), 3) // [[2,2],[1,1],[1,1]]
 * ```
 */
export const unsortedSegmentSumKernel: KernelConfig = {
  kernelName: 'UnsortedSegmentSum',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
    const wasm = backend as BackendWasm;
    if (x.dtype !== 'float32' && x.dtype !== 'int32') {
      throw new Error(`UnsortedSegmentSum on wasm supports float32 and int32, got ${x.dtype}`);
    }
    const innerShape = x.shape.slice(segmentIds.shape.length);
    const inner = tf.util.sizeFromShape(innerShape);
    const rows = tf.util.sizeFromShape(segmentIds.shape);

    const out = wasm.makeOutput([numSegments, ...innerShape], x.dtype);
    // Views are taken after the allocation: growing the heap detaches older ones.
    const sums = wasm.typedArrayFromHeap(out);
    const values = wasm.typedArrayFromHeap(x);
    const ids = wasm.typedArrayFromHeap(segmentIds);
    sums.fill(0);
    for (let row = 0; row < rows; row++) {
      const id = ids[row]!;
      if (id < 0 || id >= numSegments) {
        continue;
      }
      const from = row * inner;
      const to = id * inner;
      for (let k = 0; k < inner; k++) {
        sums[to + k]! += values[from + k]!;
      }
    }
    return out;
  },
};
