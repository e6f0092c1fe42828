import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/create-database.ts';
import type { EventKind } from '../../../src/db/database.ts';
import { initTensorFlow } from '../../../src/ml/init-tensorflow.ts';
import { activateModel } from '../../../src/recommender/activate-model.ts';
import { buildDataset } from '../../../src/recommender/build-dataset.ts';
import type { DatasetSplit } from '../../../src/recommender/dataset-split.ts';
import { loadActiveModel } from '../../../src/recommender/load-active-model.ts';
import { loadUserHistory } from '../../../src/recommender/load-user-history.ts';
import { DEFAULT_NCF_PARAMS, type NcfParams } from '../../../src/recommender/ncf-params.ts';
import type { RecommenderDataset } from '../../../src/recommender/recommender-dataset.ts';
import { recommenderMetaOf } from '../../../src/recommender/recommender-meta-of.ts';
import { DEFAULT_HISTORY_MODEL_PARAMS, type HistoryModelParams } from '../../../src/recommender/history-model-params.ts';
import { scoreHistory } from '../../../src/recommender/history-model.ts';
import { HistoryRanker } from '../../../src/recommender/history-ranker.ts';
import { historyModelScorer } from '../../../src/recommender/history-model-scorer.ts';
import { evaluateModel, evaluateScorer } from '../../../src/recommender/evaluate-model.ts';
import { NcfRanker } from '../../../src/recommender/ncf-ranker.ts';
import { createRecommenderRetrainSteps } from '../../../src/recommender/recommender-retrain-steps.ts';
import type { RecommenderModel } from '../../../src/recommender/recommender-model.ts';
import { trainHistoryModel, type TrainedHistoryModel } from '../../../src/recommender/train-history-model.ts';
import { saveCandidate } from '../../../src/recommender/save-candidate.ts';
import { createSeededRandom } from '../../../src/recommender/seeded-random.ts';
import { splitLeaveOneOut } from '../../../src/recommender/split-leave-one-out.ts';
import type { TrainedNcf } from '../../../src/recommender/trained-ncf.ts';
import { trainNcf } from '../../../src/recommender/train-ncf.ts';
import { openTestDatabase } from '../../helpers/test-database.ts';

const USERS = 60;
const ITEMS = 80;
const CLUSTERS = 4;
const GENRES = ['Comedy', 'Drama', 'Horror', 'Jazz'];
const clusterOf = (item: number) => item % CLUSTERS;

/**
 * 60 users, 80 films in 4 taste clusters (genre = cluster). Each user rates 14 films, 12 of
 * them from their own cluster (rated 4-5), 2 elsewhere (rated 1-2, "seen"); user 0 also
 * dislikes one film of their cluster. Timestamps increase per user.
 */
async function insertFixture(database: DatabaseHandle): Promise<void> {
  const random = createSeededRandom(11);
  await database.db
    .insertInto('items')
    .values(
      Array.from({ length: ITEMS }, (_, i) => ({
        id: `f${i}`,
        domain: 'film' as const,
        title: `Film ${i}`,
        attributes: JSON.stringify({ genres: [GENRES[clusterOf(i)]], year: 1990 + (i % 20) }),
        available: i !== 3,
      })),
    )
    .execute();
  await database.db.insertInto('users').values(Array.from({ length: USERS }, (_, u) => ({ id: `u${u}`, attributes: '{}' }))).execute();
  const events: { event_key: string; user_id: string; item_id: string; domain: 'film'; kind: EventKind; value: number | null; occurred_at: Date }[] = [];
  for (let u = 0; u < USERS; u++) {
    const cluster = u % CLUSTERS;
    const own = Array.from({ length: ITEMS / CLUSTERS }, (_, k) => k * CLUSTERS + cluster);
    for (let k = own.length - 1; k > 0; k--) {
      const j = random.int(k + 1);
      [own[k], own[j]] = [own[j]!, own[k]!];
    }
    const picks = own.slice(0, 12).map((item) => ({ item, rating: 4 + random.int(2) }));
    for (let k = 0; k < 2; k++) picks.push({ item: (random.int(ITEMS / CLUSTERS) * CLUSTERS + ((cluster + 1 + k) % CLUSTERS)) % ITEMS, rating: 1 + random.int(2) });
    picks.forEach(({ item, rating }, t) =>
      events.push({ event_key: `${u}:${item}:r`, user_id: `u${u}`, item_id: `f${item}`, domain: 'film', kind: 'rating', value: rating, occurred_at: new Date(Date.UTC(2024, 0, 1 + t, u)) }),
    );
    if (u === 0) events.push({ event_key: `0:${own[13]}:d`, user_id: 'u0', item_id: `f${own[13]}`, domain: 'film', kind: 'dislike', value: null, occurred_at: new Date(Date.UTC(2024, 0, 20)) });
  }
  const unique = new Map(events.map((e) => [`${e.user_id}:${e.item_id}:${e.kind}`, e]));
  await database.db.insertInto('events').values([...unique.values()]).execute();
}

const params: NcfParams = { ...DEFAULT_NCF_PARAMS, gmfDim: 8, mlpDim: 8, mlpLayers: [16, 8], epochs: 25, batchSize: 256, learningRate: 0.01, l2Embedding: 1e-5 };

describe('NCF recommender: train on Postgres histories, save, load, serve', () => {
  let database: DatabaseHandle;
  let dataset: RecommenderDataset;
  let split: DatasetSplit;
  let trained: TrainedNcf;
  let served: RecommenderModel;
  const modelsDir = mkdtempSync(join(tmpdir(), 'streamrec-models-'));

  beforeAll(async () => {
    await initTensorFlow({ logger: { info: () => undefined, warn: () => undefined } });
    database = await openTestDatabase('embedded');
    await insertFixture(database);
    dataset = await buildDataset(database.db, 'film', { pageSize: 300 });
    split = splitLeaveOneOut(dataset, { seed: 1 });
    trained = await trainNcf(split, params, { validationUsers: 20 });
  });

  afterAll(async () => {
    served?.dispose();
    trained?.model.dispose();
    await database?.close();
    rmSync(modelsDir, { recursive: true, force: true });
  });

  it('builds the dataset with keyset pages up to the watermark', async () => {
    const maxId = await database.db.selectFrom('events').select((eb) => eb.fn.max('id').as('max')).executeTakeFirstOrThrow();
    expect(dataset.watermark).toBe(Number(maxId.max));
    expect(dataset.userIds).toHaveLength(USERS);
    expect(dataset.itemIds.length).toBeLessThanOrEqual(ITEMS);
    expect(dataset.interactions.length).toBe(USERS * 14 + 1);
    expect(dataset.hasTimestamps).toBe(true);
    expect(split.strategy).toBe('latest');
    expect(split.hardNegatives.length).toBe(1);
    const partial = await buildDataset(database.db, 'film', { watermark: 100 });
    expect(partial.watermark).toBe(100);
    expect(partial.interactions.length).toBeLessThan(dataset.interactions.length);
  });

  it('trains with progress and beats ItemPop on clustered tastes', async () => {
    expect(trained.history).toHaveLength(params.epochs);
    const first = trained.history[0]!;
    const last = trained.history.at(-1)!;
    expect(last.loss).toBeLessThan(first.loss);
    expect(last.examplesPerSecond).toBeGreaterThan(0);
    expect(last.etaSeconds).toBe(0);
    const { model, itemPop } = await evaluateModel(trained.model, split, { negatives: 40 });
    expect(model['hr@10']).toBeGreaterThan(itemPop['hr@10'] + 0.2);
    expect(model['ndcg@10']).toBeGreaterThan(itemPop['ndcg@10']);
    // Random ranking of 1 target among 40 candidates: HR@10 ≈ 10/41.
    expect(model['hr@10']).toBeGreaterThan(0.6);
  });

  it('is deterministic for a seed', async () => {
    const again = await trainNcf(split, { ...params, epochs: 2 });
    const once = await trainNcf(split, { ...params, epochs: 2 });
    try {
      expect(again.history.map((h) => h.loss)).toEqual(once.history.map((h) => h.loss));
    } finally {
      again.model.dispose();
      once.model.dispose();
    }
  });

  it('saves a candidate, activates it, loads it from bytes and serves', async () => {
    const metrics = await evaluateModel(trained.model, split, { negatives: 40 });
    const meta = recommenderMetaOf(dataset, split, trained, metrics);
    const saved = await saveCandidate(database.db, trained, meta);
    const row = await database.db.selectFrom('models').select(['status', 'sha256', 'size_bytes', 'trained_from', 'metrics']).where('id', '=', saved.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'candidate', sha256: saved.sha256, size_bytes: saved.sizeBytes, trained_from: dataset.watermark });
    expect(await loadActiveModel(database.db, 'film', { modelsDir })).toBeNull();
    await activateModel(database.db, saved.id, { force: false });

    served = (await loadActiveModel(database.db, 'film', { modelsDir }))!;
    expect(served.id).toBe(saved.id);
    expect(served.domain).toBe('film');
    expect(served.trainedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(existsSync(join(modelsDir, 'cache', String(saved.id), 'model.json'))).toBe(true);
    expect(existsSync(join(modelsDir, 'cache', String(saved.id), 'weights.bin'))).toBe(true);
    expect(existsSync(join(modelsDir, 'cache', String(saved.id), 'meta.json'))).toBe(true);

    // Same predictions as the network that was saved.
    const { tf } = await initTensorFlow();
    const inputs = [tf.tensor2d([[0], [5]], [2, 1], 'int32'), tf.tensor2d([[1], [7]], [2, 1], 'int32')];
    const before = (trained.model.predict(inputs) as ReturnType<typeof tf.tensor>).dataSync();
    const after = ((served.ranker as NcfRanker).network.predict(inputs) as ReturnType<typeof tf.tensor>).dataSync();
    expect(Array.from(after)).toEqual(Array.from(before));
    tf.dispose(inputs);

    // A second load comes from the verified cache.
    const again = (await loadActiveModel(database.db, 'film', { modelsDir }))!;
    expect(again.id).toBe(saved.id);
    again.dispose();
  });

  it('recommends unseen items of the user’s taste, with a reason naming a consumed item', async () => {
    const history = await loadUserHistory(database.db, 'film', 'u1');
    expect(history.consumed).toHaveLength(14);
    const picks = served.recommend('u1', { limit: 10, history })!;
    expect(picks).toHaveLength(10);
    const consumed = new Set(history.consumed);
    for (const pick of picks) {
      expect(consumed.has(pick.itemId)).toBe(false);
      expect(pick.itemId).not.toBe('f3'); // unavailable
      expect(pick.score).toBeGreaterThan(0);
      expect(pick.score).toBeLessThan(1);
      expect(history.positives).toContain(pick.reasonItemId);
      expect(pick.reason).toMatch(/^because you watched Film \d+$/);
    }
    expect([...picks].sort((a, b) => b.score - a.score)).toEqual(picks);
    // Mostly the user's cluster (u1 → cluster 1).
    const own = picks.filter((pick) => clusterOf(Number(pick.itemId.slice(1))) === 1).length;
    expect(own).toBeGreaterThanOrEqual(6);

    const withSeen = served.recommend('u1', { limit: 80, history, excludeSeen: false })!;
    expect(withSeen.some((pick) => consumed.has(pick.itemId))).toBe(true);
  });

  it('never recommends disliked items and applies filters', async () => {
    const history = await loadUserHistory(database.db, 'film', 'u0');
    expect(history.disliked).toHaveLength(1);
    const all = served.recommend('u0', { limit: 80, history, excludeSeen: false })!;
    expect(all.map((pick) => pick.itemId)).not.toContain(history.disliked[0]);
    const horror = served.recommend('u0', { limit: 5, history, filter: { genre: 'horror' } })!;
    expect(horror.length).toBeGreaterThan(0);
    for (const pick of horror) expect(clusterOf(Number(pick.itemId.slice(1)))).toBe(2);
    const old = served.recommend('u0', { limit: 5, history, filter: { yearTo: 1992 } })!;
    for (const pick of old) expect(served.catalog.years[served.itemIndexOf(pick.itemId)!]).toBeLessThanOrEqual(1992);
    expect(served.recommend('u0', { limit: 5, history, exclude: all.slice(0, 3).map((p) => p.itemId) })!.map((p) => p.itemId)).not.toContain(all[0]!.itemId);
  });

  it('reuses the ranking for the same history and reranks under a filter the ranked candidates cannot satisfy', async () => {
    const history = await loadUserHistory(database.db, 'film', 'u0');
    const first = served.recommend('u0', { limit: 5, history, candidates: 12 })!;
    expect(served.recommend('u0', { limit: 5, history, candidates: 12 })).toEqual(first);
    expect(served.recommend('u1', { limit: 5, history, candidates: 12 })).not.toEqual(first);
    const ranked = served.recommend('u0', { limit: 12, history, candidates: 12 })!;
    const perCluster = Array.from({ length: CLUSTERS }, (_, c) => ranked.filter((pick) => clusterOf(Number(pick.itemId.slice(1))) === c).length);
    const rare = perCluster.indexOf(Math.min(...perCluster));
    expect(perCluster[rare]).toBeLessThan(5);
    const filtered = served.recommend('u0', { limit: 5, history, candidates: 12, filter: { genre: GENRES[rare] } })!;
    expect(filtered).toHaveLength(5);
    for (const pick of filtered) expect(clusterOf(Number(pick.itemId.slice(1)))).toBe(rare);
  });

  it('returns null for unknown users, serves similar, session and popular items', () => {
    expect(served.recommend('nobody')).toBeNull();
    expect(served.similar('nothing')).toBeNull();
    const similar = served.similar('f0', 5)!;
    expect(similar).toHaveLength(5);
    expect(similar.map((s) => s.itemId)).not.toContain('f0');
    expect(similar.filter((s) => clusterOf(Number(s.itemId.slice(1))) === 0).length).toBeGreaterThanOrEqual(3);
    const session = served.session(['f1', 'f5', 'f9'], 5);
    expect(session).toHaveLength(5);
    for (const pick of session) expect(['f1', 'f5', 'f9']).not.toContain(pick.itemId);
    expect(session.filter((s) => clusterOf(Number(s.itemId.slice(1))) === 1).length).toBeGreaterThanOrEqual(3);
    expect(served.session(['unknown'], 5)).toEqual([]);
    const popular = served.popular(3);
    expect(popular).toHaveLength(3);
    expect(popular[0]!.score).toBeGreaterThanOrEqual(popular[2]!.score);
  });

  it('keeps the tensor count flat over 1,000 requests', async () => {
    const { tf } = await initTensorFlow();
    const history = await loadUserHistory(database.db, 'film', 'u2');
    served.recommend('u2', { limit: 10, history });
    const before = tf.memory().numTensors;
    for (let k = 0; k < 1000; k++) {
      served.recommend(`u${k % USERS}`, { limit: 10, history: { ...history } }); // a new history object: no reused ranking
      if (k % 100 === 0) served.similar(`f${k % ITEMS}`, 10);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  describe('item-history model on the same data', () => {
    const historyParams: HistoryModelParams = { ...DEFAULT_HISTORY_MODEL_PARAMS, dim: 16, epochs: 40, batchSize: 16, learningRate: 0.01 };
    let trainedHistory: TrainedHistoryModel;
    let servedHistory: RecommenderModel;

    beforeAll(async () => {
      trainedHistory = await trainHistoryModel(split, historyParams);
    });

    afterAll(() => servedHistory?.dispose());

    it('beats ItemPop on clustered tastes', async () => {
      const { model, itemPop } = await evaluateScorer(historyModelScorer(trainedHistory.weights, split), split, { negatives: 40 });
      expect(model['hr@10']).toBeGreaterThan(itemPop['hr@10'] + 0.2);
      expect(model['full_hr@10']).toBeGreaterThan(itemPop['full_hr@10']);
    });

    it('saves, activates in place of the NCF model, loads from bytes with the same scores', async () => {
      const saved = await saveCandidate(database.db, trainedHistory, recommenderMetaOf(dataset, split, trainedHistory));
      await activateModel(database.db, saved.id, { force: true });
      servedHistory = (await loadActiveModel(database.db, 'film', { modelsDir }))!;
      expect(servedHistory.id).toBe(saved.id);
      expect(servedHistory.meta.format).toBe('streamrec-history');
      expect(servedHistory.ranker).toBeInstanceOf(HistoryRanker);
      const history = Int32Array.of(1, 5, 9);
      const before = new Float32Array(trainedHistory.weights.numItems);
      scoreHistory(trainedHistory.weights, history, before);
      const after = servedHistory.ranker.scoreUsers(Int32Array.of(-1), [history]);
      expect(Array.from(after)).toEqual(Array.from(before));
      expect(existsSync(join(modelsDir, 'cache', String(saved.id), 'weights.bin'))).toBe(true);
    });

    it('recommends from the history, for known and new users alike, with reasons and filters', async () => {
      const history = await loadUserHistory(database.db, 'film', 'u1');
      const picks = servedHistory.recommend('u1', { limit: 10, history })!;
      expect(picks).toHaveLength(10);
      const consumed = new Set(history.consumed);
      for (const pick of picks) {
        expect(consumed.has(pick.itemId)).toBe(false);
        expect(pick.itemId).not.toBe('f3');
        expect(pick.score).toBeGreaterThan(0);
        expect(pick.score).toBeLessThan(1);
        expect(history.positives).toContain(pick.reasonItemId);
      }
      expect(picks.filter((pick) => clusterOf(Number(pick.itemId.slice(1))) === 1).length).toBeGreaterThanOrEqual(6);
      // A user the model never saw is served from their history; without one, the caller falls back to popular.
      expect(servedHistory.recommend('newcomer', { limit: 10, history })!.map((p) => p.itemId)).toEqual(picks.map((p) => p.itemId));
      expect(servedHistory.recommend('u1')).toBeNull();
      const disliker = await loadUserHistory(database.db, 'film', 'u0');
      const all = servedHistory.recommend('u0', { limit: 80, history: disliker, excludeSeen: false })!;
      expect(all.map((pick) => pick.itemId)).not.toContain(disliker.disliked[0]);
      const horror = servedHistory.recommend('u0', { limit: 5, history: disliker, filter: { genre: 'horror' } })!;
      expect(horror).toHaveLength(5);
      for (const pick of horror) expect(clusterOf(Number(pick.itemId.slice(1)))).toBe(2);
    });

    it('scores stored models of both kinds through their id maps as the models themselves score', async () => {
      const steps = createRecommenderRetrainSteps(database.db, { kinds: { film: 'history', music: 'history' } });
      const prepared = await steps.prepare('film');
      expect(prepared.split.testItem).toEqual(split.testItem);
      const rows = await database.db.selectFrom('models').selectAll().where('domain', '=', 'film').orderBy('id').execute();
      const [ncfRow, historyRow] = [rows[0]!, rows.at(-1)!];
      const direct = await evaluateScorer(historyModelScorer(trainedHistory.weights, split), split);
      expect((await steps.evaluateStored(prepared, historyRow))['full_hr@10']).toBe(direct.model['full_hr@10']);
      const ncfDirect = await evaluateModel(trained.model, split);
      expect((await steps.evaluateStored(prepared, ncfRow))['full_hr@10']).toBeCloseTo(ncfDirect.model['full_hr@10'], 10);
    });

    it('serves sessions and similar items of the same taste', () => {
      const session = servedHistory.session(['f1', 'f5', 'f9'], 5);
      expect(session).toHaveLength(5);
      for (const pick of session) expect(['f1', 'f5', 'f9']).not.toContain(pick.itemId);
      expect(session.filter((s) => clusterOf(Number(s.itemId.slice(1))) === 1).length).toBeGreaterThanOrEqual(4);
      expect(servedHistory.session(['unknown'], 5)).toEqual([]);
      const similar = servedHistory.similar('f0', 5)!;
      expect(similar.map((s) => s.itemId)).not.toContain('f0');
      expect(similar.filter((s) => clusterOf(Number(s.itemId.slice(1))) === 0).length).toBeGreaterThanOrEqual(3);
    });
  });
});
