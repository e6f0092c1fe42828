import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/create-database.ts';
import { UserHistoryCache } from '../../src/recommender/user-history-cache.ts';
import { registerRecommendationRoutes } from '../../src/http/recommendations-router.ts';
import { tf } from '../../src/ml/tf.ts';
import { ActiveModelHost } from '../../src/recommender/active-model-host.ts';
import { popularItems, cachedPopularItems } from '../../src/recommender/popular-items.ts';
import { recommenderModelLoader } from '../../src/recommender/recommender-model-loader.ts';
import type { RecommenderModel } from '../../src/recommender/recommender-model.ts';
import { seedSmallDemo, trainAndActivate } from '../helpers/demo-model.ts';
import { auth, buildTestApp } from '../helpers/test-app.ts';
import { openTestDatabase } from '../helpers/test-database.ts';

describe('recommendation routes', () => {
  let database: DatabaseHandle;
  let host: ActiveModelHost<RecommenderModel>;
  let app: ReturnType<typeof buildTestApp>['app'];
  let modelId: number;
  let histories: UserHistoryCache;
  const user = 'demo-user-003';

  beforeAll(async () => {
    database = await openTestDatabase('embedded');
    await seedSmallDemo(database.db);
    modelId = (await trainAndActivate(database.db, { domain: 'film', epochs: 4 })).modelId;
    host = new ActiveModelHost<RecommenderModel>({
      db: database.db, kind: 'recommender', domains: ['film', 'music'], logger: pino({ level: 'silent' }), pollIntervalMs: 60_000,
      load: recommenderModelLoader(database.db, { cache: false }),
    });
    await host.start();
    histories = new UserHistoryCache(database.db);
    app = buildTestApp(database, {
      features: [(routes) => registerRecommendationRoutes(routes, { db: database.db, histories, models: host, popular: cachedPopularItems(database.db, 1000) })],
      onHistoryChanged: (userIds) => histories.invalidate(userIds),
    }).app;
  });
  afterAll(async () => {
    await host?.close();
    await database?.close();
  });

  const consumedBy = async (userId: string) =>
    new Set((await database.db.selectFrom('events').select('item_id').where('user_id', '=', userId).where('domain', '=', 'film').execute()).map((row) => row.item_id));

  it('ranks films for a known user with the model, leaving out what they consumed, with reasons', async () => {
    const res = await request(app).get(`/v1/users/${user}/recommendations`).query({ domain: 'film', limit: 8 }).set(auth).expect(200);
    expect(res.body).toMatchObject({ user_id: user, domain: 'film', strategy: 'model', model: { id: modelId, trained_at: expect.any(String) } });
    expect(res.body.items).toHaveLength(8);
    const consumed = await consumedBy(user);
    for (const item of res.body.items) {
      expect(consumed.has(item.id)).toBe(false);
      expect(item.id).toMatch(/^demo-film-/);
      expect(item.reason).toMatch(/^because you watched /);
    }
    const scores = res.body.items.map((item: { score: number }) => item.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('drops a film from the next answer as soon as the user watches it (cached history invalidated by the ingest)', async () => {
    const first = await request(app).get(`/v1/users/${user}/recommendations`).query({ domain: 'film', limit: 5 }).set(auth).expect(200);
    const again = await request(app).get(`/v1/users/${user}/recommendations`).query({ domain: 'film', limit: 5 }).set(auth).expect(200);
    expect(again.body.items).toEqual(first.body.items);
    const watched = first.body.items[0].id as string;
    await request(app).post('/v1/events').set(auth).send({ events: [{ user_id: user, item_id: watched, kind: 'view', value: 1 }] }).expect(200);
    const after = await request(app).get(`/v1/users/${user}/recommendations`).query({ domain: 'film', limit: 5 }).set(auth).expect(200);
    const ids = after.body.items.map((item: { id: string }) => item.id);
    expect(ids).toHaveLength(5);
    expect(ids).not.toContain(watched);
    expect(ids).toContain(first.body.items[1].id);
  });

  it('applies the genre filter', async () => {
    const genre = ((await database.db.selectFrom('items').select('attributes').where('domain', '=', 'film').executeTakeFirstOrThrow()).attributes.genres as string[])[0]!;
    const res = await request(app).get(`/v1/users/${user}/recommendations`).query({ domain: 'film', genre, limit: 5 }).set(auth).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    const ids = res.body.items.map((item: { id: string }) => item.id);
    const rows = await database.db.selectFrom('items').select('attributes').where('id', 'in', ids).execute();
    for (const row of rows) expect((row.attributes.genres as string[]).map((g) => g.toLowerCase())).toContain(genre.toLowerCase());
  });

  it('gives users the model has not seen, and domains without a model, the popular fallback', async () => {
    const unknown = await request(app).get('/v1/users/brand-new-user/recommendations').query({ domain: 'film', limit: 5 }).set(auth).expect(200);
    expect(unknown.body).toMatchObject({ strategy: 'popular', model: { id: modelId } });
    const top = await popularItems(database.db, { domain: 'film', limit: 5, availableOnly: true });
    expect(unknown.body.items.map((item: { id: string }) => item.id)).toEqual(top.map((item) => item.id));
    const noModel = await request(app).get(`/v1/users/${user}/recommendations`).query({ domain: 'music' }).set(auth).expect(200);
    expect(noModel.body).toMatchObject({ strategy: 'popular', model: null });
    expect(noModel.body.items.length).toBeGreaterThan(0);
  });

  it('seeds anonymous sessions from item embeddings and lists similar items of the same domain', async () => {
    const session = await request(app).post('/v1/recommendations').set(auth).send({ domain: 'film', history: ['demo-film-0001', 'demo-film-0002'], limit: 5 }).expect(200);
    expect(session.body.strategy).toBe('session');
    expect(session.body.items.map((item: { id: string }) => item.id)).not.toContain('demo-film-0001');
    const similar = await request(app).get('/v1/items/demo-film-0001/similar').query({ limit: 4 }).set(auth).expect(200);
    expect(similar.body).toMatchObject({ item_id: 'demo-film-0001', domain: 'film', strategy: 'model' });
    expect(similar.body.items).toHaveLength(4);
    expect(similar.body.items.every((item: { id: string }) => item.id.startsWith('demo-film-') && item.id !== 'demo-film-0001')).toBe(true);
    expect(similar.body.items[0].reason).toMatch(/^similar to /);
    const popular = await request(app).get('/v1/popular').query({ domain: 'music', limit: 3, window_days: 30 }).set(auth).expect(200);
    expect(popular.body).toMatchObject({ domain: 'music', window_days: 30, strategy: 'popular' });
  });

  it('answers bad input with 400 and an unknown item with 404', async () => {
    const cases = [
      request(app).get(`/v1/users/${user}/recommendations`).query({ domain: 'podcast' }),
      request(app).get(`/v1/users/${user}/recommendations`).query({ domain: 'film', limit: 0 }),
      request(app).get(`/v1/users/${user}/recommendations`).query({ domain: 'film', limit: 101 }),
      request(app).get(`/v1/users/${encodeURIComponent('bad id')}/recommendations`).query({ domain: 'film' }),
      request(app).get(`/v1/users/${user}/recommendations`),
      request(app).post('/v1/recommendations').send({ domain: 'film', history: 'demo-film-0001' }),
      request(app).get('/v1/popular').query({ domain: 'film', window_days: -1 }),
    ];
    for (const pending of cases) {
      const res = await pending.set(auth);
      expect(res.status).toBe(400);
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    expect((await request(app).get('/v1/items/no-such-item/similar').set(auth)).status).toBe(404);
  });

  it('leaks no tensors over 1,000 requests', async () => {
    const warm = await request(app).get(`/v1/users/${user}/recommendations`).query({ domain: 'film' }).set(auth);
    expect(warm.status).toBe(200);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 1000; k++) {
      const userId = `demo-user-0${String(10 + (k % 60)).padStart(2, '0')}`;
      histories.invalidate([userId]); // every request runs the network, not the cached ranking
      const path = k % 3 === 0 ? `/v1/items/demo-film-000${(k % 9) + 1}/similar` : `/v1/users/${userId}/recommendations?domain=film`;
      const res = await request(app).get(path).set(auth);
      expect(res.status).toBe(200);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('serves music from an item-history model once one is active: listeners, a new listener, sessions', async () => {
    const music = await trainAndActivate(database.db, { domain: 'music', kind: 'history', epochs: 10, jobId: 'music-history' });
    await host.sync('music');
    const listener = (await database.db.selectFrom('events').select('user_id').where('domain', '=', 'music').where('kind', '=', 'listen').executeTakeFirstOrThrow()).user_id;
    const known = await request(app).get(`/v1/users/${listener}/recommendations`).query({ domain: 'music', limit: 6 }).set(auth).expect(200);
    expect(known.body).toMatchObject({ strategy: 'model', model: { id: music.modelId } });
    expect(known.body.items).toHaveLength(6);
    for (const item of known.body.items) expect(item.reason).toMatch(/^because you listened to /);

    // Users the model never saw are served from their listens, as soon as they have one.
    const tracks = known.body.items.slice(0, 2).map((item: { id: string }) => item.id);
    const before = await request(app).get('/v1/users/fresh-listener/recommendations').query({ domain: 'music', limit: 5 }).set(auth).expect(200);
    expect(before.body.strategy).toBe('popular');
    await request(app).post('/v1/events').set(auth).send({ events: tracks.map((item_id: string) => ({ user_id: 'fresh-listener', item_id, kind: 'listen', value: 3 })) }).expect(200);
    const after = await request(app).get('/v1/users/fresh-listener/recommendations').query({ domain: 'music', limit: 5 }).set(auth).expect(200);
    expect(after.body.strategy).toBe('model');
    expect(after.body.items.map((item: { id: string }) => item.id)).not.toContain(tracks[0]);

    const session = await request(app).post('/v1/recommendations').set(auth).send({ domain: 'music', history: tracks, limit: 5 }).expect(200);
    expect(session.body.strategy).toBe('session');
    expect(session.body.items).toHaveLength(5);
    const similar = await request(app).get(`/v1/items/${tracks[0]}/similar`).query({ limit: 3 }).set(auth).expect(200);
    expect(similar.body).toMatchObject({ strategy: 'model', model: { id: music.modelId } });
    expect(similar.body.items).toHaveLength(3);
  });
});
