import { describe, expect, it } from 'vitest';
import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import { DatasetAccumulator } from '../../../src/recommender/dataset-accumulator.ts';
import { evaluateScorer } from '../../../src/recommender/evaluate-model.ts';
import { evaluate } from '../../../src/recommender/evaluate.ts';
import { easeWeights } from '../../../src/recommender/ease-weights.ts';
import { DEFAULT_HISTORY_MODEL_PARAMS } from '../../../src/recommender/history-model-params.ts';
import { itemPairsOf } from '../../../src/recommender/item-pairs.ts';
import { historyModelScorer } from '../../../src/recommender/history-model-scorer.ts';
import { createSeededRandom } from '../../../src/recommender/seeded-random.ts';
import { splitLeaveOneOut } from '../../../src/recommender/split-leave-one-out.ts';
import { trainHistoryModel } from '../../../src/recommender/train-history-model.ts';
import { UserItemIndex } from '../../../src/recommender/user-item-index.ts';
import { pickValidation } from '../../../src/recommender/validation-users.ts';

/** Two tastes: users 0-39 listen to 8 of artists 0-19, users 40-79 to 8 of artists 20-39; artist 40-59 pad the catalog. */
function twoTasteSplit() {
  const accumulator = new DatasetAccumulator('music');
  const random = createSeededRandom(3);
  let id = 0;
  for (let u = 0; u < 80; u++) {
    const offset = u < 40 ? 0 : 20;
    const items = new Set<number>();
    while (items.size < 8) items.add(offset + random.int(20));
    for (const item of items) accumulator.add({ id: ++id, userId: `u${u}`, itemId: `a${item}`, kind: 'listen', value: 1 + random.int(5), occurredAt: 0 });
  }
  for (let i = 40; i < 60; i++) accumulator.add({ id: ++id, userId: 'pad', itemId: `a${i}`, kind: 'listen', value: 1, occurredAt: 0 });
  return splitLeaveOneOut(accumulator.finish([]));
}

const params = { ...DEFAULT_HISTORY_MODEL_PARAMS, dim: 16, epochs: 15, batchSize: 32, learningRate: 0.01 };

describe('trainHistoryModel', () => {
  it('learns the tastes: full-ranking HR@10 well above ItemPop on held-out items', async () => {
    await initTensorFlow();
    const split = twoTasteSplit();
    const trained = await trainHistoryModel(split, params, { validationUsers: 40 });
    const { model, itemPop } = await evaluateScorer(historyModelScorer(trained.weights, split), split);
    // Per epoch: HR@10 under the sampled protocol of the validation users, with that epoch's weights (the last: the model's).
    const validation = pickValidation(split, { validationUsers: 40 })!;
    const last = await evaluate(historyModelScorer(trained.weights, split), split, { users: validation.users, candidates: validation.candidates, full: false });
    expect(trained.history[14]!.valHr10).toBe(last['hr@10']);
    for (const epoch of trained.history) expect(epoch.valHr10).toBeGreaterThan(0);
    expect(model['full_hr@10']).toBeGreaterThan(0.8);
    expect(model['full_hr@10']).toBeGreaterThan(itemPop['full_hr@10'] + 0.2);
    expect(trained.history).toHaveLength(15);
    expect(trained.history[14]!.loss).toBeLessThan(trained.history[0]!.loss);
    expect(trained.examples).toBe(split.positives.length * 15);
  });

  it('is seeded and leaves no tensors behind', async () => {
    const { tf } = await initTensorFlow();
    const split = twoTasteSplit();
    const before = tf.memory().numTensors;
    const first = await trainHistoryModel(split, { ...params, epochs: 2 });
    expect(first.history[1]!.valHr10).toBeNaN();
    const second = await trainHistoryModel(split, { ...params, epochs: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(second.weights.itemOutput)).toEqual(Array.from(first.weights.itemOutput));
    expect(Array.from(second.weights.pairWeights)).toEqual(Array.from(first.weights.pairWeights));
  });

  it('averages the weights of the epochs from averageFrom on', async () => {
    await initTensorFlow();
    const split = twoTasteSplit();
    const third = await trainHistoryModel(split, { ...params, epochs: 3 });
    const fourth = await trainHistoryModel(split, { ...params, epochs: 4 });
    const averaged = await trainHistoryModel(split, { ...params, epochs: 4, averageFrom: 3 });
    for (const key of ['itemInput', 'hiddenBias', 'itemOutput', 'itemBias', 'pairWeights'] as const) {
      const expected = Array.from(third.weights[key], (x, i) => expect.closeTo((x + fourth.weights[key][i]!) / 2, 6));
      expect(Array.from(averaged.weights[key])).toEqual(expected);
    }
    expect(Array.from(averaged.weights.pairWeights)).not.toEqual(Array.from(fourth.weights.pairWeights));
  });

  it('starts the pair weights at EASE among the popular items, at the scaled cosine elsewhere', async () => {
    await initTensorFlow();
    const split = twoTasteSplit();
    const easeParams = { ...params, epochs: 0, easeMaxItems: 10, easeMinUsers: 2, easeLambda: 5, easeScale: 3 };
    const { weights } = await trainHistoryModel(split, easeParams);
    const histories = UserItemIndex.from(split.numUsers, split.positives.user, split.positives.item);
    const pairs = itemPairsOf(split.numItems, histories);
    const ease = await easeWeights(split.numItems, histories, { minUsers: 2, maxItems: 10, lambda: 5 });
    const slot = new Map(Array.from(ease.items, (item, k) => [item, k]));
    let fromEase = 0;
    for (let j = 0; j < split.numItems; j++) {
      for (let k = pairs.offsets[j]!; k < pairs.offsets[j + 1]!; k++) {
        const [a, b] = [slot.get(j), slot.get(pairs.items[k]!)];
        const expected = a !== undefined && b !== undefined ? 3 * ease.weights[a * ease.items.length + b]! : 2 * pairs.cosine[k]!;
        if (a !== undefined && b !== undefined) fromEase += 1;
        expect(weights.pairWeights[k]).toBeCloseTo(expected, 5);
      }
    }
    expect(fromEase).toBeGreaterThan(20);
    expect(fromEase).toBeLessThan(pairs.items.length);
  });

  it('stops between steps when the signal aborts', async () => {
    await initTensorFlow();
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(trainHistoryModel(twoTasteSplit(), params, { signal: controller.signal })).rejects.toThrow('cancelled');
  });
});
