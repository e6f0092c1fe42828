import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import { tf } from '../../../src/ml/tf.ts';
import { fillBatch, formatAugmentation, parseAugmentation } from '../../../src/vision/cifar-batch.ts';
import { loadLatestCifarCheckpoint, saveCifarCheckpoint, type CifarCheckpointState } from '../../../src/vision/cifar-checkpoint.ts';
import { buildCifarCnn } from '../../../src/vision/cifar-cnn.ts';
import type { CifarSplit } from '../../../src/vision/load-cifar10.ts';
import { SeededRandom } from '../../../src/vision/seeded-random.ts';
import { trainCifarCnn, type CifarEpochResult } from '../../../src/vision/train-cifar-cnn.ts';
import { tinyCifarCnn } from './tiny-cnn.ts';

const silent = { info: () => {}, warn: () => {} };

/** Learnable synthetic split: class c images are bright in channel c % 3 and their top rows carry c. */
function syntheticSplit(count: number, seed: number): CifarSplit {
  const rng = new SeededRandom(seed);
  const pixels = new Uint8Array(count * 3072);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = rng.int(10);
    labels[i] = label;
    for (let p = 0; p < 1024; p++) {
      for (let c = 0; c < 3; c++) {
        const base = c === label % 3 ? 180 : 40;
        pixels[i * 3072 + p * 3 + c] = Math.min(255, base + (p < 32 * (label + 1) ? 60 : 0) + rng.int(30));
      }
    }
  }
  return { pixels, labels, count };
}

async function weightsOf(model: tf.LayersModel): Promise<number[]> {
  const arrays = await Promise.all(model.getWeights().map((w) => w.data()));
  return arrays.flatMap((a) => Array.from(a.subarray(0, 20)));
}

let dir: string;
beforeAll(async () => {
  await initTensorFlow({ backend: 'wasm', logger: silent });
  dir = await mkdtemp(join(tmpdir(), 'cifar-train-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SeededRandom and fillBatch', () => {
  it('repeats a sequence for a seed and resumes from its state', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    const resumed = new SeededRandom(0, a.state);
    expect(resumed.next()).toBe(a.next());
    expect(Array.from(new SeededRandom(1).permutation(10)).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new SeededRandom(1).permutation(50)).not.toEqual(new SeededRandom(2).permutation(50));
  });

  it('scales bytes to [0, 1], one-hot encodes labels, and flips / shifts when augmenting', () => {
    const pixels = new Uint8Array(2 * 3072);
    for (let p = 0; p < 1024; p++) {
      const x = p % 32;
      pixels[3072 + p * 3] = x; // image 1: red channel = x coordinate
    }
    const split: CifarSplit = { pixels, labels: new Uint8Array([3, 9]), count: 2 };
    const x = new Float32Array(2 * 3072);
    const y = new Float32Array(20);
    fillBatch(split, [1, 0], 0, 2, x, y);
    expect(x[3 * 5]).toBeCloseTo(5 / 255, 6); // pixel (5, 0) of image 1
    expect(Array.from(y.subarray(0, 10))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(y.subarray(10))).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);

    // Flip only, with an rng whose first draw is < 0.5.
    let rng = new SeededRandom(0);
    let seed = 0;
    while (new SeededRandom(seed).next() >= 0.5) seed++;
    rng = new SeededRandom(seed);
    fillBatch(split, [1], 0, 1, x, null, { flip: true, shift: 0 }, rng);
    expect(x[0]).toBeCloseTo(31 / 255, 6);
    expect(x[31 * 3]).toBe(0);

    expect(parseAugmentation('flip,shift2')).toEqual({ flip: true, shift: 2 });
    expect(formatAugmentation(parseAugmentation('none'))).toBe('none');
    expect(() => parseAugmentation('rotate')).toThrow(/unknown augmentation/);
  });

  it('shifts stay in range and pad with zeros', () => {
    const pixels = new Uint8Array(3072).fill(255);
    const split: CifarSplit = { pixels, labels: new Uint8Array([0]), count: 1 };
    const x = new Float32Array(3072);
    const rng = new SeededRandom(5);
    let zeros = 0;
    for (let t = 0; t < 20; t++) {
      fillBatch(split, [0], 0, 1, x, null, { flip: false, shift: 2 }, rng);
      const z = x.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
      expect(z).toBeLessThanOrEqual(3 * (2 * 32 * 2 + 2 * 32 * 2));
      zeros += z;
    }
    expect(zeros).toBeGreaterThan(0);
  });
});

describe('trainCifarCnn', () => {
  const train = syntheticSplit(192, 1);
  const test = syntheticSplit(64, 2);

  it('learns a separable synthetic task and is deterministic for a seed', async () => {
    const run = async (): Promise<{ history: CifarEpochResult[]; weights: number[] }> => {
      const model = tinyCifarCnn(11);
      const history = await trainCifarCnn({ model, train, test, epochs: 3, batchSize: 32, seed: 5, augmentation: { flip: true, shift: 1 } });
      const weights = await weightsOf(model);
      model.dispose();
      return { history, weights };
    };
    const first = await run();
    const second = await run();
    expect(first.history.map((h) => h.loss)).toEqual(second.history.map((h) => h.loss));
    expect(first.weights).toEqual(second.weights);
    expect(first.history[2]!.loss).toBeLessThan(first.history[0]!.loss);
    expect(first.history[2]!.test.images).toBe(64);
    expect(first.history[2]!.test.confusion.flat().reduce((a, b) => a + b, 0)).toBe(64);
  });

  it('resumes from a checkpoint exactly where an uninterrupted run would be', async () => {
    const straight = tinyCifarCnn(21);
    const full = await trainCifarCnn({ model: straight, train, test, epochs: 2, batchSize: 32, seed: 9 });

    const first = tinyCifarCnn(21);
    const epochOne = await trainCifarCnn({ model: first, train, test, epochs: 1, batchSize: 32, seed: 9 });
    const state: CifarCheckpointState = {
      epoch: 1, arch: 'tiny', seed: 9, batchSize: 32, augmentation: 'none', dataChecksum: 'x', trainSeconds: epochOne[0]!.seconds,
      history: [],
    };
    const root = join(dir, 'checkpoints');
    await saveCifarCheckpoint(root, first, state);
    first.dispose();
    const resumed = await loadLatestCifarCheckpoint(root);
    expect(resumed?.state.epoch).toBe(1);
    const rest = await trainCifarCnn({ model: resumed!.model, train, test, epochs: 2, batchSize: 32, seed: 9, startEpoch: 1 });
    expect(rest.map((r) => r.epoch)).toEqual([2]);
    expect(rest[0]!.loss).toBeCloseTo(full[1]!.loss, 5);
    const a = await weightsOf(straight);
    const b = await weightsOf(resumed!.model);
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
    straight.dispose();
    resumed!.model.dispose();
  });

  it('builds the Keras reference with seeded initialisers', async () => {
    const a = buildCifarCnn({ seed: 3 });
    const b = buildCifarCnn({ seed: 3 });
    expect(a.layers.map((l) => l.name)).toEqual(['conv1', 'pool1', 'conv2', 'pool2', 'flatten', 'dense1', 'predictions']);
    expect(a.countParams()).toBe(896 + 18_496 + 2_097_664 + 5_130);
    expect(await weightsOf(a)).toEqual(await weightsOf(b));
    a.dispose();
    b.dispose();
  });
});
