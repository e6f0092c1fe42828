import { beforeAll, describe, expect, it } from 'vitest';
import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import { tf } from '../../../src/ml/tf.ts';
import { CIFAR10_CLASSES } from '../../../src/vision/cifar10-classes.ts';
import { CnnTagger, rankScores } from '../../../src/vision/cnn-tagger.ts';
import { tinyCifarCnn } from './tiny-cnn.ts';

const silent = { info: () => {}, warn: () => {} };

beforeAll(async () => {
  await initTensorFlow({ backend: 'wasm', logger: silent });
});

function image(value: number): Float32Array {
  return new Float32Array(32 * 32 * 3).map((_, i) => ((i * 7919 + value * 104729) % 255) / 255);
}

describe('rankScores', () => {
  it('sorts labels best first and keeps the sum at most 1', () => {
    const tags = rankScores([0.1, 0.6, 0.3], ['a', 'b', 'c']);
    expect(tags.map((t) => t.label)).toEqual(['b', 'c', 'a']);
    expect(tags.reduce((s, t) => s + t.score, 0)).toBeLessThanOrEqual(1);
    const ones = rankScores(new Float32Array([1 / 3, 1 / 3, 1 / 3]), ['a', 'b', 'c']);
    expect(ones.map((t) => t.label)).toEqual(['a', 'b', 'c']);
    expect(ones.reduce((s, t) => s + t.score, 0)).toBeLessThanOrEqual(1);
  });
});

describe('CnnTagger', () => {
  it('answers each caller with its own ranking, batching concurrent calls into few predicts, leaking no tensors', async () => {
    const model = tinyCifarCnn(3);
    const tagger = new CnnTagger({ model, classes: CIFAR10_CLASSES, modelId: 7, maxBatch: 8, maxWaitMs: 20 });
    await tagger.warm();
    const before = tf.memory().numTensors;

    const single = await Promise.all([0, 1, 2].map((v) => tagger.tag(image(v))));
    expect(tagger.stats.predictCalls).toBe(1);
    expect(single[0]).toHaveLength(10);
    expect(single[0]!.reduce((s, t) => s + t.score, 0)).toBeLessThanOrEqual(1);
    expect(single[0]!.reduce((s, t) => s + t.score, 0)).toBeGreaterThan(0.99);

    // Same image alone and inside a batch: same answer.
    const alone = await tagger.tag(image(1));
    expect(alone).toEqual(single[1]);

    const many = await Promise.all(Array.from({ length: 20 }, (_, v) => tagger.tag(image(v))));
    expect(many).toHaveLength(20);
    const stats = tagger.stats;
    expect(stats.images).toBe(3 + 1 + 20);
    expect(stats.predictCalls).toBeLessThanOrEqual(2 + 3); // 20 images at most 8 per batch: 3 predicts
    expect(stats.largestBatch).toBe(8);
    expect(tf.memory().numTensors).toBe(before);

    await expect(tagger.tag(new Float32Array(5))).rejects.toThrow(/expected 3072 floats/);
    await tagger.dispose();
    await expect(tagger.tag(image(0))).rejects.toThrow(/disposed/);
  });

  it('rejects every caller of a batch when predict fails, and keeps serving', async () => {
    const model = tinyCifarCnn(4);
    const tagger = new CnnTagger({ model, classes: ['only', 'three', 'labels'], modelId: null, maxWaitMs: 1 });
    const results = await Promise.allSettled([tagger.tag(image(0)), tagger.tag(image(1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/10 scores per image for 3 classes/);
    await expect(tagger.tag(image(2))).rejects.toThrow(/3 classes/);
    await tagger.dispose();
  });
});
