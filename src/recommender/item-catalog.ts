/**
 * Serving metadata of a dataset's items, indexed like the model's item indexes.
 *
 * ```ts
 * const title = dataset.catalog.titles[itemIndex];
 * const isDrama = dataset.catalog.genres[itemIndex]?.includes('Drama');
 * ```
 */
export interface ItemCatalog {
  readonly titles: readonly string[];
  /** Genres per item (from `items.attributes.genres`; tags for music), possibly empty. */
  readonly genres: readonly (readonly string[])[];
  /** Release year per item, NaN when unknown. */
  readonly years: Float64Array;
  /** Artist per item (music), null when unknown. */
  readonly artists: readonly (string | null)[];
  /** 1 when the item can be recommended (`items.available`), 0 otherwise. */
  readonly available: Uint8Array;
}
