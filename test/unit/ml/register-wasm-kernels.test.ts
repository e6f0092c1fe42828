import '@tensorflow/tfjs-backend-wasm';

import { beforeAll, describe, expect, it } from 'vitest';

import { registerWasmKernels } from '../../../src/ml/kernels/register-wasm-kernels.ts';
import { tf } from '../../../src/ml/tf.ts';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('registerWasmKernels', () => {
  it('adds missing kernels, replaces slow ones, is idempotent and can be undone', () => {
    const stockMatMul = tf.getKernel('BatchMatMul', 'wasm');
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeUndefined();

    const restore = registerWasmKernels();
    const ours = tf.getKernel('BatchMatMul', 'wasm');
    expect(ours).not.toBe(stockMatMul);
    expect(ours?.setupFunc).toBe(stockMatMul?.setupFunc);
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();

    const again = registerWasmKernels();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(ours);
    again();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(ours);

    restore();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stockMatMul);
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeUndefined();
  });

  it('registers a subset on request', () => {
    const restore = registerWasmKernels(['UnsortedSegmentSum']);
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
    const product = tf.matMul(tf.ones([2, 3]), tf.ones([2, 3]), false, true);
    expect(Array.from(product.dataSync())).toEqual([3, 3, 3, 3]);
    product.dispose();
    restore();
  });

  it('keeps working when the backend is set up again after registering', async () => {
    const restore = registerWasmKernels();
    await tf.setBackend('cpu');
    await tf.setBackend('wasm');
    const product = tf.matMul(tf.ones([2, 3]), tf.ones([4, 3]), false, true);
    expect(Array.from(product.dataSync())).toEqual(Array(8).fill(3));
    product.dispose();
    restore();
  });
});
