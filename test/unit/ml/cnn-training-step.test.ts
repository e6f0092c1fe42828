import { beforeAll, describe, expect, it } from 'vitest';

import { tf } from '../../../src/ml/tf.ts';
import { initWasm, randomValues } from './compare-backends.ts';

beforeAll(initWasm);

const BATCH = 8;

/** The Keras CIFAR CNN's layer sequence, scaled down, with seeded weights. */
function buildCnn(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [12, 12, 3], filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 24, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(randomValues(w.size, 200 + i).map((v) => v * 0.4), w.shape)));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function batch(step: number): { x: tf.Tensor; y: tf.Tensor } {
  const images = randomValues(BATCH * 12 * 12 * 3, 300 + step).map((v) => (v + 1) / 2);
  const labels = Array.from(randomValues(BATCH, 400 + step), (v) => Math.floor(((v + 1) / 2) * 10));
  return { x: tf.tensor4d(images, [BATCH, 12, 12, 3]), y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 10)) };
}

async function trainLosses(backend: 'wasm' | 'cpu', steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const model = buildCnn();
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const { x, y } = batch(step);
    losses.push(((await model.trainOnBatch(x, y)) as number[])[0]!);
    tf.dispose([x, y]);
  }
  model.dispose();
  await tf.setBackend('wasm');
  return losses;
}

describe('CNN training step', () => {
  it('gives the same losses on wasm and cpu', async () => {
    const wasm = await trainLosses('wasm', 4);
    const cpu = await trainLosses('cpu', 4);
    expect(wasm[3]).toBeLessThan(wasm[0]!);
    wasm.forEach((loss, i) => expect(Math.abs(loss - cpu[i]!) / cpu[i]!).toBeLessThan(1e-4));
  });

  it('keeps tensors and wasm memory flat over repeated steps', async () => {
    const model = buildCnn();
    const step = async (i: number) => {
      const { x, y } = batch(i);
      await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
    };
    await step(0);
    await step(1);
    const before = tf.memory();
    const dataIds = tf.engine().backend.numDataIds();
    for (let i = 2; i < 12; i++) {
      await step(i);
    }
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    model.dispose();
  });
});
