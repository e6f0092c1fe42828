import type { EventInput, ItemInput } from '../catalog/catalog-schemas.ts';
import type { ReadProgress } from './read-progress.ts';

/**
 * A data set opened for import: its items and its events as streams, read once each, items first (events refer
 * to them). Sources throw {@link ImportFormatError} on a line they cannot read.
 *
 * ```ts
 * const source = await openMovieLensSource('../shared/data/movielens-100k');
 * for await (const item of source.items()) console.log(item.id, item.title);
 * ```
 */
export interface ImportSource {
  /** What it is, for logs and the summary, e.g. `movielens ml-100k`. */
  readonly name: string;
  readonly directory: string;
  /** The files it reads, in reading order. */
  readonly files: readonly string[];
  readonly progress: ReadProgress;
  items(): AsyncIterable<ItemInput>;
  events(): AsyncIterable<EventInput>;
}
