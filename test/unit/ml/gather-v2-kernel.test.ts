import { beforeAll, describe, expect, it } from 'vitest';

import { gatherV2Kernel } from '../../../src/ml/kernels/gather-v2-kernel.ts';
import { tf } from '../../../src/ml/tf.ts';
import { expectSameOnWasmAndCpu, initWasm, randomTensor, runOn } from './compare-backends.ts';

beforeAll(initWasm);

describe('GatherV2 on wasm', () => {
  it('replaces the stock kernel', () => {
    expect(tf.getKernel('GatherV2', 'wasm')?.kernelFunc).toBe(gatherV2Kernel.kernelFunc);
  });

  const cases: { name: string; shape: number[]; indices: number[]; indicesShape?: number[]; axis?: number; batchDims?: number }[] = [
    { name: 'embedding rows (slice > 16)', shape: [50, 32], indices: [3, 49, 0, 3, 3, 17] },
    { name: 'short rows', shape: [10, 3], indices: [9, 0, 4, 4] },
    { name: 'axis 1', shape: [4, 6, 5], indices: [5, 0, 2], axis: 1 },
    { name: 'last axis (slice of one)', shape: [3, 7], indices: [6, 6, 1, 0], axis: -1 },
    { name: 'indices of rank 2', shape: [8, 4], indices: [1, 2, 3, 7, 7, 0], indicesShape: [3, 2] },
    { name: 'indices of shape [n, 1] as Keras embeddings feed them', shape: [20, 24], indices: [4, 19, 0], indicesShape: [3, 1] },
    { name: 'batchDims 1', shape: [3, 5, 2], indices: [0, 4, 1, 1, 2, 3], indicesShape: [3, 2], axis: 1, batchDims: 1 },
    { name: 'no indices', shape: [5, 3], indices: [] },
  ];

  for (const c of cases) {
    it(`matches cpu: ${c.name}`, async () => {
      await expectSameOnWasmAndCpu(() =>
        tf.gather(randomTensor(c.shape, 1), tf.tensor(c.indices, c.indicesShape ?? [c.indices.length], 'int32'), c.axis, c.batchDims),
      );
    });
  }

  it('gathers int32 and bool values', async () => {
    const [ints, bools] = await runOn('wasm', () => [
      tf.gather(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), tf.tensor1d([2, 0], 'int32')),
      tf.gather(tf.tensor1d([1, 0, 1], 'bool'), tf.tensor1d([1, 2, 1], 'int32')),
    ]);
    expect(ints).toEqual({ shape: [2, 2], values: [5, 6, 1, 2] });
    expect(bools).toEqual({ shape: [3], values: [0, 1, 0] });
  });

  it('rejects an index out of range', () => {
    const table = tf.zeros([4, 2]);
    expect(() => tf.gather(table, tf.tensor1d([1, 4], 'int32'))).toThrow('GatherV2: the index value 4 is not in [0, 3]');
    expect(() => tf.gather(table, tf.tensor1d([-1], 'int32'))).toThrow('GatherV2: the index value -1 is not in [0, 3]');
    table.dispose();
  });
});
