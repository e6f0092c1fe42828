import type { EventInput, ItemInput } from '../../../src/catalog/catalog-schemas.ts';
import type { ImportSource } from '../../../src/importers/import-source.ts';

/** Reads a source's items, then its events, into arrays. */
export async function collect(source: ImportSource): Promise<{ items: ItemInput[]; events: EventInput[] }> {
  const items: ItemInput[] = [];
  for await (const item of source.items()) items.push(item);
  const events: EventInput[] = [];
  for await (const event of source.events()) events.push(event);
  return { items, events };
}
