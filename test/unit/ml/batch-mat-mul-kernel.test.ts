import { beforeAll, describe, expect, it } from 'vitest';

import { tf } from '../../../src/ml/tf.ts';
import { expectSameOnWasmAndCpu, initWasm, randomTensor } from './compare-backends.ts';

beforeAll(initWasm);

describe('BatchMatMul on wasm (explicit transposes)', () => {
  // [m, k, n]: Dense-gradient shapes, and both branches of a·bᵀ (small and large b).
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [7, 5, 3],
    [64, 32, 16],
    [4, 300, 200],
    [200, 30, 4],
  ];
  const flags: [boolean, boolean][] = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];

  for (const [m, k, n] of sizes) {
    for (const [transposeA, transposeB] of flags) {
      it(`matches cpu for m=${m} k=${k} n=${n} transposeA=${transposeA} transposeB=${transposeB}`, async () => {
        await expectSameOnWasmAndCpu(() => {
          const a = randomTensor(transposeA ? [k, m] : [m, k], 1);
          const b = randomTensor(transposeB ? [n, k] : [k, n], 2);
          const weights = randomTensor([m, n], 3);
          const product = tf.matMul(a, b, transposeA, transposeB);
          // Gradients of a matmul are matmuls with the other transposes.
          const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) =>
            tf.matMul(x, y, transposeA, transposeB).mul(weights).sum(),
          )([a, b]);
          return [product, da!, db!];
        });
      });
    }
  }

  it('matches cpu for rank-3 operands with a batch of one and of several', async () => {
    await expectSameOnWasmAndCpu(() => [
      tf.matMul(randomTensor([1, 9, 6], 4), randomTensor([1, 5, 6], 5), false, true),
      tf.matMul(randomTensor([1, 6, 9], 4), randomTensor([1, 6, 5], 5), true, false),
      tf.matMul(randomTensor([3, 6, 9], 6), randomTensor([3, 5, 6], 7), true, true),
    ]);
  });

  it('matches cpu for a Dense layer gradient (fused matMul + bias + relu)', async () => {
    await expectSameOnWasmAndCpu(() => {
      const x = randomTensor([32, 40], 8);
      const w = randomTensor([40, 24], 9);
      const bias = randomTensor([24], 10);
      const [dx, dw, db] = tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) =>
        tf.fused.matMul({ a: xi as tf.Tensor2D, b: wi as tf.Tensor2D, bias: bi, activation: 'relu' }).square().sum(),
      )([x, w, bias]);
      return [dx!, dw!, db!];
    });
  });

  it('leaks nothing', () => {
    const a = randomTensor([16, 8], 11);
    const b = randomTensor([12, 8], 12);
    const c = randomTensor([8, 16], 13);
    const run = () => [tf.matMul(a, b, false, true), tf.matMul(c, b, true, true), tf.matMul(a, a, true, false)];
    tf.dispose(run());
    const before = tf.memory();
    for (let i = 0; i < 10; i++) {
      tf.dispose(run());
    }
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    tf.dispose([a, b, c]);
  });
});
