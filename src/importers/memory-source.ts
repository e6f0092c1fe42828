import type { EventInput, ItemInput } from '../catalog/catalog-schemas.ts';
import type { ImportSource } from './import-source.ts';
import { ReadProgress } from './read-progress.ts';

/**
 * An {@link ImportSource} over items and events already in memory (generated data, tests), so that they go through
 * the same batched, idempotent path as the file importers.
 *
 * ```ts
 * await runImport(db, createMemorySource('demo', items, events));
 * ```
 */
export function createMemorySource(name: string, items: readonly ItemInput[], events: readonly EventInput[]): ImportSource {
  const progress = new ReadProgress(0);
  async function* each<T>(rows: readonly T[]): AsyncGenerator<T> {
    for (const row of rows) {
      progress.rowsRead += 1;
      yield row;
    }
  }
  return { name, directory: '(memory)', files: [], progress, items: () => each(items), events: () => each(events) };
}
