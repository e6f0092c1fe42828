import type { Kysely } from 'kysely';
import { MAX_BATCH } from '../catalog/catalog-schemas.ts';
import { upsertUsers } from '../catalog/user-repository.ts';
import type { Database } from '../db/database.ts';
import { createMemorySource } from '../importers/memory-source.ts';
import { runImport } from '../importers/run-import.ts';
import type { Logger } from '../logger.ts';
import { generateDemoData, type DemoOptions } from './generate-demo-data.ts';

/** What {@link seedDemoIfEmpty} did. */
export type DemoSeedResult =
  | { seeded: false; reason: string }
  | { seeded: true; items: number; users: number; events: number; seconds: number };

/**
 * Loads the synthetic demo catalog and history (see {@link generateDemoData}) when the items table is empty, so that
 * a fresh embedded database answers every endpoint with something meaningful. A catalog with any item is left as
 * it is. The caller decides where it applies (the embedded database, unless `--no-demo`); it never checks that.
 *
 * ```ts
 * const result = await seedDemoIfEmpty(handle.db, logger);
 * // { seeded: true, items: 800, users: 300, events: 4xxxx, seconds: 3.1 } the first time, then { seeded: false, ... }
 * ```
 */
export async function seedDemoIfEmpty(db: Kysely<Database>, logger: Logger, options: DemoOptions = {}): Promise<DemoSeedResult> {
  const existing = await db.selectFrom('items').select('id').limit(1).executeTakeFirst();
  if (existing) {
    logger.debug('catalog not empty: demo data not loaded');
    return { seeded: false, reason: 'the catalog is not empty' };
  }
  const started = performance.now();
  const demo = generateDemoData(options);
  for (let offset = 0; offset < demo.users.length; offset += MAX_BATCH) {
    await upsertUsers(db, demo.users.slice(offset, offset + MAX_BATCH));
  }
  const summary = await runImport(db, createMemorySource('demo', demo.items, demo.events));
  const result = {
    seeded: true as const,
    items: summary.items.created,
    users: demo.users.length,
    events: summary.events.inserted,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
  logger.info(result, `loaded the synthetic demo catalog: ${result.items} items, ${result.users} users, ${result.events} events`);
  return result;
}
