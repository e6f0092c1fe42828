import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/create-database.ts';
import { UserHistoryCache } from '../../src/recommender/user-history-cache.ts';
import { registerRecommendationRoutes } from '../../src/http/recommendations-router.ts';
import { startServer, type RunningServer } from '../../src/http/start-server.ts';
import { createLocalActivationBus } from '../../src/jobs/model-activation-bus.ts';
import { ActiveModelHost } from '../../src/recommender/active-model-host.ts';
import { cachedPopularItems } from '../../src/recommender/popular-items.ts';
import { recommenderModelLoader } from '../../src/recommender/recommender-model-loader.ts';
import type { RecommenderModel } from '../../src/recommender/recommender-model.ts';
import { seedSmallDemo, trainAndActivate } from '../helpers/demo-model.ts';
import { TEST_KEYS, buildTestApp } from '../helpers/test-app.ts';
import { openTestDatabase } from '../helpers/test-database.ts';

describe('hot swap under load', () => {
  let database: DatabaseHandle;
  let server: RunningServer;
  let host: ActiveModelHost<RecommenderModel>;
  const bus = createLocalActivationBus();

  beforeAll(async () => {
    database = await openTestDatabase('embedded');
    await seedSmallDemo(database.db);
    await trainAndActivate(database.db, { jobId: 'first' });
    host = new ActiveModelHost<RecommenderModel>({
      db: database.db, kind: 'recommender', domains: ['film', 'music'], logger: pino({ level: 'silent' }), pollIntervalMs: 60_000,
      load: recommenderModelLoader(database.db, { cache: false }),
    });
    bus.subscribe((event) => void host.sync(event.domain));
    await host.start();
    const { app } = buildTestApp(database, {
      features: [(routes) => registerRecommendationRoutes(routes, { db: database.db, histories: new UserHistoryCache(database.db), models: host, popular: cachedPopularItems(database.db, 1000) })],
    });
    server = await startServer(app, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await server?.drain(1000);
    await host?.close();
    await database?.close();
  });

  it('answers every request with 200 while a new model is activated, switching from the old model id to the new one', async () => {
    const before = host.lease('film');
    const oldId = before!.model.id;
    before!.release();
    const url = `http://127.0.0.1:${server.port}/v1/users/demo-user-001/recommendations?domain=film&limit=5`;
    const responses: { status: number; modelId: number | null; at: number }[] = [];
    let stop = false;
    const client = async () => {
      while (!stop) {
        const res = await fetch(url, { headers: { authorization: `Bearer ${TEST_KEYS.api}` } });
        const body = (await res.json()) as { model: { id: number } | null; strategy: string; items: unknown[] };
        responses.push({ status: res.status, modelId: body.model?.id ?? null, at: performance.now() });
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await trainAndActivate(database.db, { jobId: 'second', bus });
    await host.sync('film');
    const swappedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await Promise.all(clients);

    expect(second.modelId).not.toBe(oldId);
    expect(responses.length).toBeGreaterThan(20);
    expect(responses.filter((r) => r.status !== 200)).toEqual([]);
    expect(new Set(responses.map((r) => r.modelId))).toEqual(new Set([oldId, second.modelId]));
    expect(responses.filter((r) => r.at > swappedAt + 50).every((r) => r.modelId === second.modelId)).toBe(true);
  });
});
