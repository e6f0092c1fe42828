import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertItems } from '../../../src/catalog/item-repository.ts';
import { createDatabase, type DatabaseHandle } from '../../../src/db/create-database.ts';
import { migrateToLatest } from '../../../src/db/migrate.ts';
import { generateDemoData } from '../../../src/demo/generate-demo-data.ts';
import { seedDemoIfEmpty } from '../../../src/demo/seed-demo.ts';
import { createMemorySource } from '../../../src/importers/memory-source.ts';
import { runImport } from '../../../src/importers/run-import.ts';

const logger = pino({ level: 'silent' });
const small = { seed: 5, films: 60, tracks: 60, users: 40, now: new Date(Date.now() - 60_000) };

async function counts(handle: DatabaseHandle) {
  const { rows } = await sql<{ users: number; items: number; events: number }>`
    select (select count(*) from users)::int as users, (select count(*) from items)::int as items, (select count(*) from events)::int as events`.execute(handle.db);
  return rows[0]!;
}

describe('seedDemoIfEmpty (embedded PGlite)', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createDatabase({ kind: 'embedded' });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle.close();
  });

  it('loads the demo into an empty catalog once, then leaves it alone', async () => {
    const demo = generateDemoData(small);
    const first = await seedDemoIfEmpty(handle.db, logger, small);
    expect(first).toMatchObject({ seeded: true, items: 120, users: 40, events: demo.events.length });
    expect(await counts(handle)).toEqual({ users: 40, items: 120, events: demo.events.length });

    expect(await seedDemoIfEmpty(handle.db, logger, small)).toEqual({ seeded: false, reason: 'the catalog is not empty' });
    expect(await counts(handle)).toEqual({ users: 40, items: 120, events: demo.events.length });

    // the same data imported again (e.g. two processes seeding at once) stores nothing twice
    const again = await runImport(handle.db, createMemorySource('demo', demo.items, demo.events));
    expect(again.events).toEqual({ read: demo.events.length, inserted: 0, duplicates: demo.events.length });
    expect(await counts(handle)).toEqual({ users: 40, items: 120, events: demo.events.length });
  });

  it('does not seed a catalog that has items', async () => {
    const other = await createDatabase({ kind: 'embedded' });
    try {
      await migrateToLatest(other.db);
      await upsertItems(other.db, [{ id: 'mine', domain: 'film', title: 'Mine' }]);
      expect((await seedDemoIfEmpty(other.db, logger, small)).seeded).toBe(false);
      expect(await counts(other)).toEqual({ users: 0, items: 1, events: 0 });
    } finally {
      await other.close();
    }
  });
});
