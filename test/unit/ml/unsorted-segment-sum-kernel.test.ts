import { beforeAll, describe, expect, it } from 'vitest';

import { tf } from '../../../src/ml/tf.ts';
import { expectClose, expectSameOnWasmAndCpu, initWasm, randomTensor, runOn } from './compare-backends.ts';

beforeAll(initWasm);

describe('UnsortedSegmentSum on wasm', () => {
  it('is registered for wasm', () => {
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeDefined();
  });

  // The stock cpu kernel runs a few ops per segment, so cases stay small.
  const cases: { name: string; shape: number[]; ids: number[]; numSegments: number }[] = [
    { name: 'rank 1', shape: [6], ids: [0, 1, 0, 2, 1, 0], numSegments: 3 },
    { name: 'repeated ids and empty segments', shape: [5, 3], ids: [4, 4, 1, 4, 1], numSegments: 7 },
    { name: 'trailing shape', shape: [7, 2, 3], ids: [0, 2, 2, 5, 0, 1, 5], numSegments: 6 },
    { name: 'negative ids are dropped', shape: [4, 2], ids: [-1, 0, -3, 1], numSegments: 2 },
    { name: 'many rows', shape: [512, 16], ids: [...Array(512).keys()].map((i) => (i * 7919) % 97), numSegments: 97 },
  ];

  for (const { name, shape, ids, numSegments } of cases) {
    it(`matches cpu: ${name}`, async () => {
      await expectSameOnWasmAndCpu(() =>
        tf.unsortedSegmentSum(randomTensor(shape, 1), tf.tensor1d(ids, 'int32'), numSegments),
      );
    });

    it(`gradient matches cpu: ${name}`, async () => {
      await expectSameOnWasmAndCpu(() => {
        const weights = randomTensor([numSegments, ...shape.slice(1)], 2);
        const loss = (x: tf.Tensor) => tf.unsortedSegmentSum(x, tf.tensor1d(ids, 'int32'), numSegments).mul(weights).sum();
        return tf.grad(loss)(randomTensor(shape, 3));
      });
    });
  }

  it('drops ids at or above numSegments like cpu', async () => {
    // Forward only: tfjs's own gradient of this op rejects such ids.
    await expectSameOnWasmAndCpu(() =>
      tf.unsortedSegmentSum(randomTensor([4, 2], 9), tf.tensor1d([2, 0, 3, 1], 'int32'), 2),
    );
  });

  it('sums int32 values', async () => {
    const [out] = await runOn('wasm', () =>
      tf.unsortedSegmentSum(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), tf.tensor1d([1, 1, 0], 'int32'), 2),
    );
    expect(out).toEqual({ shape: [2, 2], values: [5, 6, 4, 6] });
  });

  it('handles no rows at all', async () => {
    const [out] = await runOn('wasm', () => tf.unsortedSegmentSum(tf.zeros([0, 3]), tf.tensor1d([], 'int32'), 2));
    expect(out).toEqual({ shape: [2, 3], values: [0, 0, 0, 0, 0, 0] });
  });

  it('accepts segment ids of rank 2 (TensorFlow semantics)', async () => {
    const [out] = await runOn('wasm', () =>
      tf.unsortedSegmentSum(
        tf.range(0, 12).reshape([2, 3, 2]),
        // The typings say rank 1; the op itself takes any rank.
        tf.tensor2d([[0, 2, 0], [2, 2, 1]], [2, 3], 'int32') as unknown as tf.Tensor1D,
        3,
      ),
    );
    // rows: 0:[0,1] 1:[2,3] 2:[4,5] 3:[6,7] 4:[8,9] 5:[10,11]
    expectClose(out!, { shape: [3, 2], values: [4, 6, 10, 11, 16, 19] });
  });

  it('gives the gradient of gather (embedding lookup) like cpu, for axis 0 and 1', async () => {
    const indices = [5, 0, 5, 9, 3, 3, 3, 1];
    await expectSameOnWasmAndCpu(() => {
      const table = randomTensor([10, 4], 4);
      const weights = randomTensor([indices.length, 4], 5);
      return tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d(indices, 'int32')).mul(weights).sum())(table);
    });
    await expectSameOnWasmAndCpu(() => {
      const table = randomTensor([3, 10], 6);
      const weights = randomTensor([3, indices.length], 7);
      return tf.grad((t: tf.Tensor) => tf.gather(t, tf.tensor1d(indices, 'int32'), 1).mul(weights).sum())(table);
    });
  });

  it('leaks nothing', async () => {
    const x = randomTensor([64, 8], 8);
    const ids = tf.tensor1d([...Array(64).keys()].map((i) => i % 5), 'int32');
    tf.unsortedSegmentSum(x, ids, 5).dispose();
    const before = tf.memory();
    for (let i = 0; i < 10; i++) {
      tf.unsortedSegmentSum(x, ids, 5).dispose();
    }
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    tf.dispose([x, ids]);
  });
});
