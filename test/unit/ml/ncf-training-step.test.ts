import { beforeAll, describe, expect, it } from 'vitest';

import { tf } from '../../../src/ml/tf.ts';
import { initWasm, randomValues } from './compare-backends.ts';

beforeAll(initWasm);

const USERS = 50;
const ITEMS = 80;
const BATCH = 64;

/** A small NCF (GMF + MLP) as the recommender builds it, with seeded weights. */
function buildNcf(): tf.LayersModel {
  const user = tf.input({ shape: [1], dtype: 'int32' });
  const item = tf.input({ shape: [1], dtype: 'int32' });
  const embed = (inputDim: number, input: tf.SymbolicTensor) =>
    tf.layers.flatten().apply(tf.layers.embedding({ inputDim, outputDim: 8 }).apply(input)) as tf.SymbolicTensor;
  const gmf = tf.layers.multiply().apply([embed(USERS, user), embed(ITEMS, item)]) as tf.SymbolicTensor;
  let mlp = tf.layers.concatenate().apply([embed(USERS, user), embed(ITEMS, item)]) as tf.SymbolicTensor;
  for (const units of [16, 8]) {
    mlp = tf.layers.dense({ units, activation: 'relu' }).apply(mlp) as tf.SymbolicTensor;
  }
  const fused = tf.layers.concatenate().apply([gmf, mlp]) as tf.SymbolicTensor;
  const score = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(fused) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [user, item], outputs: score });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(randomValues(w.size, 100 + i).map((v) => v * 0.3), w.shape)));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
  return model;
}

function batch(step: number): { x: tf.Tensor[]; y: tf.Tensor } {
  const r = randomValues(3 * BATCH, 1000 + step);
  const users = Array.from(r.subarray(0, BATCH), (v) => Math.floor(((v + 1) / 2) * USERS));
  // Few distinct items, so segment sums see many repeated ids.
  const items = Array.from(r.subarray(BATCH, 2 * BATCH), (v) => Math.floor(((v + 1) / 2) * 10));
  const labels = Array.from(r.subarray(2 * BATCH), (v) => (v > 0 ? 1 : 0));
  return {
    x: [tf.tensor2d(users, [BATCH, 1], 'int32'), tf.tensor2d(items, [BATCH, 1], 'int32')],
    y: tf.tensor2d(labels, [BATCH, 1]),
  };
}

async function trainLosses(backend: 'wasm' | 'cpu', steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const model = buildNcf();
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const { x, y } = batch(step);
    losses.push((await model.trainOnBatch(x, y)) as number);
    tf.dispose([...x, y]);
  }
  model.dispose();
  await tf.setBackend('wasm');
  return losses;
}

describe('NCF training step', () => {
  it('gives the same losses on wasm and cpu', async () => {
    const wasm = await trainLosses('wasm', 4);
    const cpu = await trainLosses('cpu', 4);
    expect(wasm[3]).toBeLessThan(wasm[0]!);
    wasm.forEach((loss, i) => expect(Math.abs(loss - cpu[i]!) / cpu[i]!).toBeLessThan(1e-4));
  });

  it('keeps tensors and wasm memory flat over repeated steps', async () => {
    const model = buildNcf();
    const step = async (i: number) => {
      const { x, y } = batch(i);
      await model.trainOnBatch(x, y);
      tf.dispose([...x, y]);
    };
    await step(0); // creates the optimizer's slots
    await step(1);
    const before = tf.memory();
    const dataIds = tf.engine().backend.numDataIds();
    for (let i = 2; i < 22; i++) {
      await step(i);
    }
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    model.dispose();
  });
});
