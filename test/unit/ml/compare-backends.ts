import { expect } from 'vitest';

import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import { tf } from '../../../src/ml/tf.ts';

/** Silent logger for tests. */
export const quietLogger = { info: () => {}, warn: () => {} };

/** Initialises wasm (with this module's kernels) as the process backend. */
export async function initWasm(): Promise<void> {
  await initTensorFlow({ backend: 'wasm', logger: quietLogger });
}

/** Deterministic pseudo-random floats in [-1, 1) (mulberry32). */
export function randomValues(size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return values;
}

/** Random tensor of `shape`, built on the active backend from a seed. */
export function randomTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed), shape);
}

/**
 * Runs `compute` on `backend` (it builds its own inputs, so they live there)
 * and returns every output as a plain array with its shape. Switches back to
 * wasm afterwards.
 */
export async function runOn(
  backend: 'wasm' | 'cpu',
  compute: () => tf.Tensor | tf.Tensor[],
): Promise<{ shape: number[]; values: number[] }[]> {
  await tf.setBackend(backend);
  try {
    const outputs = tf.tidy(compute);
    const list = Array.isArray(outputs) ? outputs : [outputs];
    const result = list.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
    tf.dispose(list);
    return result;
  } finally {
    await tf.setBackend('wasm');
  }
}

/** Runs `compute` on wasm and on the stock cpu backend and expects the same outputs. */
export async function expectSameOnWasmAndCpu(compute: () => tf.Tensor | tf.Tensor[], rtol = 1e-4): Promise<void> {
  const wasm = await runOn('wasm', compute);
  const cpu = await runOn('cpu', compute);
  expect(wasm.length).toBe(cpu.length);
  wasm.forEach((out, i) => expectClose(out, cpu[i]!, rtol));
}

/**
 * Same shape, and every element within `rtol` of the expected one relative
 * to the larger of 1 and the largest expected magnitude (sums of many terms
 * differ in their last bits when the order of summation differs).
 */
export function expectClose(
  actual: { shape: number[]; values: ArrayLike<number> },
  expected: { shape: number[]; values: ArrayLike<number> },
  rtol = 1e-4,
): void {
  expect(actual.shape).toEqual(expected.shape);
  let scale = 1;
  for (let i = 0; i < expected.values.length; i++) {
    scale = Math.max(scale, Math.abs(expected.values[i]!));
  }
  let worst = 0;
  for (let i = 0; i < expected.values.length; i++) {
    worst = Math.max(worst, Math.abs(actual.values[i]! - expected.values[i]!));
  }
  expect(worst / scale).toBeLessThanOrEqual(rtol);
}
