/**
 * The fields of an `items` row that serving needs (see {@link ItemCatalog}).
 *
 * ```ts
 * const item: CatalogItem = { id: 'ml:1', title: 'Toy Story (1995)', attributes: { genres: ['Animation'], year: 1995 }, available: true };
 * ```
 */
export interface CatalogItem {
  readonly id: string;
  readonly title: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly available: boolean;
}
