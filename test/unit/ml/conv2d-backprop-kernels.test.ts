import { beforeAll, describe, expect, it } from 'vitest';

import { tf } from '../../../src/ml/tf.ts';
import { expectSameOnWasmAndCpu, initWasm, randomTensor } from './compare-backends.ts';

beforeAll(initWasm);

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
  rounding?: 'floor' | 'round' | 'ceil';
}

// NHWC input, [kh, kw, in, out] filter.
const cases: Case[] = [
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 8, 8, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [1, 7, 9, 2], filter: [5, 3, 2, 3], strides: 1, pad: 'same' },
  { x: [3, 6, 6, 4], filter: [1, 1, 4, 2], strides: 1, pad: 'valid' },
  { x: [2, 9, 11, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { x: [2, 9, 11, 3], filter: [3, 2, 3, 5], strides: 2, pad: 'valid' },
  { x: [1, 10, 10, 2], filter: [3, 3, 2, 2], strides: [2, 3], pad: 'same' },
  { x: [1, 6, 7, 2], filter: [2, 2, 2, 3], strides: 3, pad: 'valid' },
  { x: [2, 6, 6, 2], filter: [3, 3, 2, 3], strides: 1, pad: 1 },
  { x: [1, 7, 7, 2], filter: [3, 3, 2, 3], strides: 2, pad: 1, rounding: 'floor' },
  { x: [1, 5, 6, 2], filter: [3, 3, 2, 2], strides: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { x: [1, 4, 4, 1], filter: [3, 3, 1, 1], strides: 1, pad: [[0, 0], [3, 3], [0, 0], [0, 0]] },
  { x: [2, 16, 16, 8], filter: [3, 3, 8, 16], strides: 1, pad: 'same' },
];

describe('Conv2DBackpropFilter and Conv2DBackpropInput on wasm', () => {
  it('are registered for wasm', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBeDefined();
  });

  for (const c of cases) {
    const name = `x=${c.x} filter=${c.filter} strides=${c.strides} pad=${JSON.stringify(c.pad)}${c.rounding ? ` ${c.rounding}` : ''}`;
    it(`conv2d and both gradients match cpu: ${name}`, async () => {
      await expectSameOnWasmAndCpu(() => {
        const x = randomTensor(c.x, 1) as tf.Tensor4D;
        const filter = randomTensor(c.filter, 2) as tf.Tensor4D;
        const conv = (xi: tf.Tensor, fi: tf.Tensor) =>
          tf.conv2d(xi as tf.Tensor4D, fi as tf.Tensor4D, c.strides, c.pad, 'NHWC', 1, c.rounding);
        const y = conv(x, filter);
        const weights = randomTensor(y.shape, 3);
        const [dx, dFilter] = tf.grads((xi: tf.Tensor, fi: tf.Tensor) => conv(xi, fi).mul(weights).sum())([x, filter]);
        return [y, dx!, dFilter!];
      });
    });
  }

  it('gives the gradients of a fused conv2d + bias + relu (what tf.layers.conv2d runs) like cpu', async () => {
    await expectSameOnWasmAndCpu(() => {
      const x = randomTensor([2, 8, 8, 3], 4) as tf.Tensor4D;
      const filter = randomTensor([3, 3, 3, 6], 5) as tf.Tensor4D;
      const bias = randomTensor([6], 6);
      const [dx, dFilter, dBias] = tf.grads((xi: tf.Tensor, fi: tf.Tensor, bi: tf.Tensor) =>
        tf.fused
          .conv2d({ x: xi as tf.Tensor4D, filter: fi as tf.Tensor4D, strides: 1, pad: 'same', bias: bi, activation: 'relu' })
          .square()
          .sum(),
      )([x, filter, bias]);
      return [dx!, dFilter!, dBias!];
    });
  });

  it('leaks nothing', () => {
    const x = randomTensor([2, 9, 9, 3], 7) as tf.Tensor4D;
    const filter = randomTensor([3, 3, 3, 4], 8) as tf.Tensor4D;
    const step = () =>
      tf.tidy(() => [
        ...tf.grads((xi: tf.Tensor, fi: tf.Tensor) => tf.conv2d(xi as tf.Tensor4D, fi as tf.Tensor4D, 1, 'same').sum())([x, filter]),
        ...tf.grads((xi: tf.Tensor, fi: tf.Tensor) => tf.conv2d(xi as tf.Tensor4D, fi as tf.Tensor4D, 2, 'valid').sum())([x, filter]),
      ]);
    tf.dispose(step());
    const before = tf.memory();
    const dataIds = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) {
      tf.dispose(step());
    }
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    tf.dispose([x, filter]);
  });
});
