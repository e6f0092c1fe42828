import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadModelFromDir } from '../../../src/ml/load-model-from-dir.ts';
import { modelFromBytes } from '../../../src/ml/model-from-bytes.ts';
import { modelFromFiles } from '../../../src/ml/model-from-files.ts';
import { modelToBytes } from '../../../src/ml/model-to-bytes.ts';
import { modelToFiles } from '../../../src/ml/model-to-files.ts';
import { packModelFiles } from '../../../src/ml/pack-model-files.ts';
import { saveModelToDir } from '../../../src/ml/save-model-to-dir.ts';
import { sha256Hex } from '../../../src/ml/sha256-hex.ts';
import { tf } from '../../../src/ml/tf.ts';
import { unpackModelFiles } from '../../../src/ml/unpack-model-files.ts';
import { initWasm, randomTensor } from './compare-backends.ts';

let dir: string;
let model: tf.LayersModel;
let input: tf.Tensor;
let expected: Float32Array;

/** A small Keras-style CNN (the shape of the CIFAR tagger, scaled down). */
function buildCnn(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 16, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function predict(m: tf.LayersModel): Float32Array {
  return tf.tidy(() => (m.predict(input) as tf.Tensor).dataSync() as Float32Array);
}

beforeAll(async () => {
  await initWasm();
  dir = await mkdtemp(join(tmpdir(), 'ml-serialisation-'));
  model = buildCnn();
  input = randomTensor([4, 8, 8, 3], 1);
  expected = predict(model);
});

afterAll(async () => {
  model.dispose();
  input.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('model files (tfjs-node layout)', () => {
  it('writes the model.json that tfjs-node writes', async () => {
    const { modelJson, weights } = await modelToFiles(model);
    const json = JSON.parse(modelJson);
    expect(Object.keys(json)).toEqual([
      'modelTopology',
      'format',
      'generatedBy',
      'convertedBy',
      'weightsManifest',
    ]);
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toMatch(/^TensorFlow\.js tfjs-layers v4\./);
    expect(json.convertedBy).toBeNull();
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual(
      model.weights.map((w) => w.originalName),
    );
    const parameters = model.countParams();
    expect(weights.byteLength).toBe(parameters * 4);
  });

  it('round-trips float32 weights exactly', async () => {
    const loaded = await modelFromFiles(await modelToFiles(model));
    expect(predict(loaded)).toEqual(expected);
    loaded.dispose();
  });

  it('halves the weights with float16 and stays close', async () => {
    const files = await modelToFiles(model, { float16: true });
    const manifest = JSON.parse(files.modelJson).weightsManifest[0].weights;
    expect(manifest.every((w: object) => 'quantization' in w)).toBe(true);
    expect(manifest[0]).toMatchObject({ dtype: 'float32', quantization: { dtype: 'float16' } });
    expect(files.weights.byteLength).toBe(model.countParams() * 2);

    const loaded = await modelFromFiles(files);
    const actual = predict(loaded);
    actual.forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThan(2e-3));
    loaded.dispose();
  });
});

describe('saveModelToDir / loadModelFromDir', () => {
  it('writes model.json and weights.bin and loads them back', async () => {
    const target = join(dir, 'cnn');
    await saveModelToDir(model, target);
    expect((await readdir(target)).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadModelFromDir(target);
    expect(predict(loaded)).toEqual(expected);
    loaded.dispose();
  });

  it('loads weights split over several files, as the converter shards them', async () => {
    const target = join(dir, 'sharded');
    await saveModelToDir(model, target);
    const json = JSON.parse(await readFile(join(target, 'model.json'), 'utf8'));
    const weights = await readFile(join(target, 'weights.bin'));
    const half = Math.floor(weights.byteLength / 8) * 4;
    await writeFile(join(target, 'group1-shard1of2.bin'), weights.subarray(0, half));
    await writeFile(join(target, 'group1-shard2of2.bin'), weights.subarray(half));
    json.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
    await writeFile(join(target, 'model.json'), JSON.stringify(json));

    const loaded = await loadModelFromDir(target);
    expect(predict(loaded)).toEqual(expected);
    loaded.dispose();
  });

  it('loads a model that can be compiled and trained on (no optimizer state is saved, as in tfjs-node)', async () => {
    const target = join(dir, 'trainable');
    await saveModelToDir(model, target);
    const loaded = await loadModelFromDir(target);
    loaded.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([1, 2, 3, 4], 'int32'), 10));
    const loss = await loaded.trainOnBatch(input, labels);
    expect(Number.isFinite(Array.isArray(loss) ? loss[0] : loss)).toBe(true);
    labels.dispose();
    loaded.dispose();
  });
});

describe('modelToBytes / modelFromBytes', () => {
  it('round-trips through one self-describing byte string', async () => {
    const bytes = await modelToBytes(model);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('TFJM');
    expect(bytes[4]).toBe(1);
    const files = unpackModelFiles(bytes);
    expect(JSON.parse(files.modelJson).format).toBe('layers-model');
    expect(bytes.byteLength).toBe(9 + Buffer.byteLength(files.modelJson) + model.countParams() * 4);

    // As a pooled Buffer would arrive from Postgres: a view at an offset.
    const pooled = Buffer.concat([Buffer.alloc(13), Buffer.from(bytes)]).subarray(13);
    const loaded = await modelFromBytes(pooled);
    expect(predict(loaded)).toEqual(expected);
    loaded.dispose();
  });

  it('round-trips float16 at about half the size', async () => {
    const full = await modelToBytes(model);
    const half = await modelToBytes(model, { float16: true });
    expect(half.byteLength).toBeLessThan(full.byteLength * 0.75);
    const loaded = await modelFromBytes(half);
    predict(loaded).forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThan(2e-3));
    loaded.dispose();
  });

  it('is deterministic, so its sha256 identifies the model', async () => {
    const a = await modelToBytes(model);
    const b = await modelToBytes(model);
    expect(sha256Hex(a)).toBe(sha256Hex(b));
    expect(sha256Hex(a)).toBe(createHash('sha256').update(a).digest('hex'));
    expect(sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('rejects bytes that are not a packed model', () => {
    const packed = packModelFiles({ modelJson: '{}', weights: new Uint8Array([1, 2, 3]) });
    expect(unpackModelFiles(packed)).toEqual({ modelJson: '{}', weights: new Uint8Array([1, 2, 3]) });
    expect(() => unpackModelFiles(new TextEncoder().encode('{"modelTopology":{}}'))).toThrow(/missing TFJM header/);
    const future = packed.slice();
    future[4] = 2;
    expect(() => unpackModelFiles(future)).toThrow(/version 2 is not supported/);
    expect(() => unpackModelFiles(packed.subarray(0, 10))).toThrow(/truncated/);
  });
});
