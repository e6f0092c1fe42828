import { beforeAll, describe, expect, it } from 'vitest';

import { maxPoolGradKernel } from '../../../src/ml/kernels/max-pool-grad-kernel.ts';
import { tf } from '../../../src/ml/tf.ts';
import { expectSameOnWasmAndCpu, initWasm, randomTensor } from './compare-backends.ts';

beforeAll(initWasm);

describe('MaxPoolGrad on wasm', () => {
  it('replaces the stock kernel', () => {
    expect(tf.getKernel('MaxPoolGrad', 'wasm')?.kernelFunc).toBe(maxPoolGradKernel.kernelFunc);
  });

  const cases: { x: number[]; size: number | [number, number]; strides: number | [number, number]; pad: 'same' | 'valid' | number }[] = [
    { x: [2, 8, 8, 3], size: 2, strides: 2, pad: 'valid' },
    { x: [2, 7, 9, 3], size: 2, strides: 2, pad: 'same' },
    { x: [1, 9, 9, 2], size: 3, strides: 2, pad: 'same' },
    { x: [1, 6, 6, 4], size: 3, strides: 1, pad: 'same' },
    { x: [2, 7, 5, 2], size: [3, 2], strides: [1, 2], pad: 'valid' },
    { x: [1, 5, 5, 1], size: 2, strides: 1, pad: 1 },
  ];

  for (const c of cases) {
    it(`matches cpu: x=${c.x} size=${c.size} strides=${c.strides} pad=${c.pad}`, async () => {
      await expectSameOnWasmAndCpu(() => {
        const x = randomTensor(c.x, 1) as tf.Tensor4D;
        const weights = randomTensor(tf.maxPool(x, c.size, c.strides, c.pad).shape, 2);
        return tf.grad((xi: tf.Tensor) => tf.maxPool(xi as tf.Tensor4D, c.size, c.strides, c.pad).mul(weights).sum())(x);
      });
    });
  }

  it('routes ties to the first maximum in a window, like cpu', async () => {
    await expectSameOnWasmAndCpu(() => {
      // Values in {0, 1, 2}: most windows hold a tie, and ReLU outputs hold many zeros.
      const x = randomTensor([2, 6, 6, 3], 3).add(1).mul(1.5).floor() as tf.Tensor4D;
      return [
        tf.grad((xi: tf.Tensor) => tf.maxPool(xi as tf.Tensor4D, 2, 2, 'valid').sum())(x),
        tf.grad((xi: tf.Tensor) => tf.maxPool(xi as tf.Tensor4D, 3, 1, 'same').sum())(x),
        tf.grad((xi: tf.Tensor) => tf.maxPool(xi as tf.Tensor4D, 2, 2, 'valid').sum())(tf.zeros([1, 4, 4, 2])),
      ];
    });
  });
});
