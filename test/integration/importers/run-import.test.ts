import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.ts';
import { formatImportSummary } from '../../../src/importers/format-import-summary.ts';
import { ImportFormatError } from '../../../src/importers/import-format-error.ts';
import { LASTFM_LISTENED_AT, openLastfmSource } from '../../../src/importers/lastfm-source.ts';
import { openMovieLensSource } from '../../../src/importers/movielens-source.ts';
import { runImport } from '../../../src/importers/run-import.ts';
import { databaseKinds, openTestDatabase } from '../../helpers/test-database.ts';
import { makeTempDir, writeLastfm, writeMl100k, writeMlLatest, writeText } from '../../unit/importers/write-fixtures.ts';

const SHARED_DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const ML100K = `${SHARED_DATA}movielens-100k`;
const LASTFM = `${SHARED_DATA}lastfm-hetrec-2k`;

async function counts(db: Kysely<Database>) {
  const { rows } = await sql<{ users: number; items: number; events: number }>`
    select (select count(*) from users)::int as users, (select count(*) from items)::int as items, (select count(*) from events)::int as events`.execute(db);
  return rows[0]!;
}

describe.each(databaseKinds)('runImport into $kind', ({ kind, skip }) => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    if (!skip) handle = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it.skipIf(skip)('imports ml-100k fixtures, and a second run stores nothing twice', async () => {
    const dir = makeTempDir();
    writeMl100k(dir, { gzip: true });
    const first = await runImport(handle.db, await openMovieLensSource(dir), { batchSize: 2 });
    expect(first).toMatchObject({
      source: 'movielens ml-100k',
      rowsRead: 8,
      items: { read: 3, created: 3, existing: 0 },
      users: { seen: 3, created: 3 },
      events: { read: 5, inserted: 5, duplicates: 0 },
    });
    const before = await counts(handle.db);
    const stamps = await handle.db.selectFrom('items').select(['id', 'updated_at']).orderBy('id').execute();

    const second = await runImport(handle.db, await openMovieLensSource(dir), { batchSize: 2 });
    expect(second).toMatchObject({
      items: { read: 3, created: 0, existing: 3 },
      users: { seen: 3, created: 0 },
      events: { read: 5, inserted: 0, duplicates: 5 },
    });
    expect(await counts(handle.db)).toEqual(before);
    expect(await handle.db.selectFrom('items').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(stamps);

    const film = await handle.db.selectFrom('items').selectAll().where('id', '=', 'ml:20').executeTakeFirstOrThrow();
    expect(film).toMatchObject({ domain: 'film', title: 'Café Lumière', attributes: { year: 2003, genres: ['Drama'], source: 'movielens' } });
    const rating = await handle.db.selectFrom('events').selectAll().where('event_key', '=', 'ml:1:10:881250949').executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ user_id: 'ml:1', item_id: 'ml:10', domain: 'film', kind: 'rating', value: 5 });
    expect(rating.occurred_at.toISOString()).toBe('1997-12-04T15:55:49.000Z');
    expect(formatImportSummary(second)).toMatch(/events duplicate\s*│\s*5/);
  });

  it.skipIf(skip)('imports ml-latest and Last.fm fixtures idempotently', async () => {
    const latest = makeTempDir();
    writeMlLatest(latest);
    expect((await runImport(handle.db, await openMovieLensSource(latest))).events).toEqual({ read: 4, inserted: 4, duplicates: 0 });

    const lastfm = makeTempDir();
    writeLastfm(lastfm, { gzip: true });
    const first = await runImport(handle.db, await openLastfmSource(lastfm));
    expect(first).toMatchObject({ items: { read: 3, created: 3 }, users: { seen: 2, created: 2 }, events: { read: 4, inserted: 4, duplicates: 0 } });
    const second = await runImport(handle.db, await openLastfmSource(lastfm));
    expect(second).toMatchObject({ items: { created: 0, existing: 3 }, users: { created: 0 }, events: { inserted: 0, duplicates: 4 } });
    const listen = await handle.db.selectFrom('events').selectAll().where('event_key', '=', 'lastfm:2:1').executeTakeFirstOrThrow();
    expect(listen).toMatchObject({ domain: 'music', kind: 'listen', value: 13883 });
    expect(listen.occurred_at.toISOString()).toBe(LASTFM_LISTENED_AT);
  });

  it.skipIf(skip)('stops at a malformed line with its file:line, and names events whose items are missing', async () => {
    const dir = makeTempDir();
    writeMlLatest(dir);
    writeText(dir, 'ratings.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,1\n');
    await expect(runImport(handle.db, await openMovieLensSource(dir))).rejects.toThrow(ImportFormatError);

    writeText(dir, 'ratings.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,999999,4.0,964982703\n');
    await expect(runImport(handle.db, await openMovieLensSource(dir))).rejects.toThrow(
      'movielens ml-latest: events refer to items that are neither in its files nor in the catalog: ml:999999',
    );
  });
});

describe.each(databaseKinds)('the real data sets from ../shared/data into $kind', ({ kind, skip }) => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    if (!skip && (existsSync(ML100K) || existsSync(LASTFM))) handle = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await handle?.close();
  });

  // The public data sets may not be redistributed, so they are not in the repository: these run where ../shared/data has them.
  it.skipIf(skip || !existsSync(ML100K))('MovieLens 100K: 100,000 ratings, 943 users, 1,682 films (skipped without ../shared/data/movielens-100k)', { timeout: 180_000 }, async () => {
    const summary = await runImport(handle.db, await openMovieLensSource(ML100K));
    expect(summary).toMatchObject({
      items: { read: 1682, created: 1682 },
      users: { seen: 943, created: 943 },
      events: { read: 100_000, inserted: 100_000, duplicates: 0 },
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from events where domain = 'film' and kind = 'rating'`.execute(handle.db);
    expect(rows[0]!.n).toBe(100_000);
  });

  it.skipIf(skip || !existsSync(LASTFM))('Last.fm 2K: 92,834 listens, 1,892 users, 17,632 artists (skipped without ../shared/data/lastfm-hetrec-2k)', { timeout: 180_000 }, async () => {
    const summary = await runImport(handle.db, await openLastfmSource(LASTFM));
    expect(summary).toMatchObject({
      items: { read: 17_632, created: 17_632 },
      users: { seen: 1892, created: 1892 },
      events: { read: 92_834, inserted: 92_834, duplicates: 0 },
    });
    const tagged = await sql<{ n: number }>`select count(*)::int as n from items where id like 'lastfm:%' and jsonb_array_length(attributes->'tags') > 0`.execute(handle.db);
    expect(tagged.rows[0]!.n).toBeGreaterThan(12_000);
  });
});
