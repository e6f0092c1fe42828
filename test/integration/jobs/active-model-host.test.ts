import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/create-database.ts';
import { activateModel } from '../../../src/recommender/activate-model.ts';
import { ActiveModelHost } from '../../../src/recommender/active-model-host.ts';
import { databaseKinds, openTestDatabase, postgresSkipReason } from '../../helpers/test-database.ts';

interface FakeModel { id: number; disposed: boolean; dispose(): void }

async function insertModel(database: DatabaseHandle, payload: string, options: { corruptSha?: boolean } = {}) {
  const artifact = new TextEncoder().encode(payload);
  const sha256 = options.corruptSha ? '0'.repeat(64) : createHash('sha256').update(artifact).digest('hex');
  const row = await database.db
    .insertInto('models')
    .values({ kind: 'recommender', domain: 'film', status: 'candidate', metrics: '{}', params: '{}', meta: '{}', artifact, sha256, size_bytes: artifact.byteLength, trained_from: 1, reason: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await activateModel(database.db, row.id, { force: false });
  return row.id;
}

describe.each(databaseKinds)('ActiveModelHost on $kind', ({ kind, skip }) => {
  if (skip) it.skip(`skipped: ${postgresSkipReason}`, () => undefined);
  if (skip) return;
  let database: DatabaseHandle;
  const built: FakeModel[] = [];
  let host: ActiveModelHost<FakeModel>;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    host = new ActiveModelHost<FakeModel>({
      db: database.db,
      kind: 'recommender',
      domains: ['film', 'music'],
      logger: pino({ level: 'silent' }),
      pollIntervalMs: 60_000,
      load: async (artifact, row) => {
        if (new TextDecoder().decode(artifact) === 'unbuildable') throw new Error('bad topology');
        const model = { id: row.id, disposed: false, dispose() { this.disposed = true; } };
        built.push(model);
        return model;
      },
    });
    await host.start();
  });
  afterAll(async () => {
    await host?.close();
    await database?.close();
  });

  it('serves nothing and reports no model before one is active', () => {
    expect(host.lease('film')).toBeUndefined();
    expect(host.health()).toMatchObject({ models: { 'recommender:film': { model_id: null } }, errors: [] });
  });

  it('loads the active model on sync and swaps to a newer one, disposing the old after its lease', async () => {
    const first = await insertModel(database, 'v1');
    await host.sync('film');
    const lease = host.lease('film')!;
    expect(lease.model.id).toBe(first);
    const second = await insertModel(database, 'v2');
    await host.sync('film');
    expect(host.lease('film')!.model.id).toBe(second);
    expect(built.find((m) => m.id === first)!.disposed).toBe(false);
    lease.release();
    expect(built.find((m) => m.id === first)!.disposed).toBe(true);
  });

  it('refuses an artifact whose sha256 does not match, keeps serving, and says so in health', async () => {
    const serving = host.lease('film')!.model.id;
    const corrupt = await insertModel(database, 'v3', { corruptSha: true });
    await host.sync('film');
    expect(host.lease('film')!.model.id).toBe(serving);
    const health = host.health();
    expect(health.models['recommender:film']).toMatchObject({ model_id: serving, last_failure: { modelId: corrupt, step: 'verify' } });
    expect(health.errors[0]).toContain(`model ${corrupt} failed at verify`);
  });

  it('keeps the old model when building fails, and recovers when a good model is activated', async () => {
    const serving = host.lease('film')!.model.id;
    await insertModel(database, 'unbuildable');
    await host.sync('film');
    expect(host.lease('film')!.model.id).toBe(serving);
    expect(host.health().models['recommender:film']).toMatchObject({ last_failure: { step: 'build', message: 'bad topology' } });
    const good = await insertModel(database, 'v4');
    await host.sync('film');
    expect(host.lease('film')!.model.id).toBe(good);
    expect(host.health().errors).toEqual([]);
  });
});
